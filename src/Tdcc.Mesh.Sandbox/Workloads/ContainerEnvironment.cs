using System.Text;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>The kubelet's <c>$(VAR)</c> expansion: a defined name is replaced, <c>$$</c> is a literal <c>$</c>, anything else stays as written.</summary>
internal static class ContainerEnvironment
{
    public static string Expand(string input, IReadOnlyDictionary<string, string> variables)
    {
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var output = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                output.Append(input[i]);
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
                continue;
            }

            if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close > 0)
                {
                    var name = input[(i + 2)..close];
                    if (variables.TryGetValue(name, out var value))
                    {
                        output.Append(value);
                    }
                    else
                    {
                        output.Append(input, i, close - i + 1);
                    }

                    i = close;
                    continue;
                }
            }

            output.Append('$');
        }

        return output.ToString();
    }
}
