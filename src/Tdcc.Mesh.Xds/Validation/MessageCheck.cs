using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Validation;

/// <summary>
/// An embedded message: <c>message.required</c>, then, unless <c>message.skip</c>, the rules of the message itself
/// (an Any is unpacked first). Every message field gets one, with or without rules, as protoc-gen-validate recurses.
/// </summary>
internal sealed class MessageCheck(bool required, bool skip) : ValueCheck
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

        if (!skip && value is IMessage message)
        {
            context.Validator.Walk(message, context);
        }
    }
}
