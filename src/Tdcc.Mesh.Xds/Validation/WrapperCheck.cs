namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// Scalar rules on a wrapper field (<c>google.protobuf.UInt32Value</c> with <c>uint32</c> rules, ...): checked on the
/// wrapped value when the wrapper is set; <c>message.required</c> when it is not. The C# reflection accessor already
/// returns the wrapped value (or null).
/// </summary>
internal sealed class WrapperCheck(ValueCheck inner, bool required) : ValueCheck
{
    public override void Check(object? value, ValidationContext context)
    {
        if (value is null)
        {
            if (required)
            {
                context.Report("message.required", "value is required");
            }

            return;
        }

        inner.Check(value, context);
    }
}
