namespace Tdcc.Mesh.Kube.Client;

/// <summary>Why an API call failed, from the <c>metav1.Status</c> reason or, lacking one, the HTTP status code.</summary>
public enum KubeErrorReason
{
    /// <summary>Neither the reason nor the code is recognized.</summary>
    Unknown,
    /// <summary>404: the object or resource does not exist.</summary>
    NotFound,
    /// <summary>409: create of an object that exists.</summary>
    AlreadyExists,
    /// <summary>409: the write raced another; re-read and retry.</summary>
    Conflict,
    /// <summary>422: the object failed validation; the causes name the fields.</summary>
    Invalid,
    /// <summary>403.</summary>
    Forbidden,
    /// <summary>401.</summary>
    Unauthorized,
    /// <summary>400.</summary>
    BadRequest,
    /// <summary>405.</summary>
    MethodNotAllowed,
    /// <summary>410 on a watch or list whose resourceVersion is too old (reason <c>Expired</c>).</summary>
    Expired,
    /// <summary>410 without the <c>Expired</c> reason.</summary>
    Gone,
    /// <summary>429: back off for the retry-after delay.</summary>
    TooManyRequests,
    /// <summary>500.</summary>
    InternalError,
    /// <summary>503.</summary>
    ServiceUnavailable,
    /// <summary>504, or reasons <c>Timeout</c>/<c>ServerTimeout</c>.</summary>
    Timeout,
    /// <summary>415: for example a patch type the resource does not support.</summary>
    UnsupportedMediaType,
    /// <summary>406.</summary>
    NotAcceptable,
    /// <summary>413.</summary>
    RequestEntityTooLarge,
}
