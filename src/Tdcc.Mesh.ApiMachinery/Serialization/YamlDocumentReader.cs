using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tdcc.Mesh.ApiMachinery.Serialization;

/// <summary>
/// Reads the documents of a YAML stream one at a time into <see cref="YamlTreeNode"/> trees, without recursion, enforcing
/// <see cref="YamlToJsonOptions.MaxDepth"/>, <see cref="YamlToJsonOptions.MaxAliasExpansion"/> and
/// <see cref="YamlToJsonOptions.MaxAliasExpansionBytes"/> as it goes: an alias is
/// charged the expanded size of its target when it is read, so nothing is ever expanded past the limit.
/// </summary>
internal sealed class YamlDocumentReader
{
    private readonly Parser _parser;
    private readonly YamlToJsonOptions _options;
    private bool _started;

    public YamlDocumentReader(string text, YamlToJsonOptions options)
    {
        _parser = new Parser(new StringReader(text));
        _options = options;
    }

    /// <summary>Reads the next document; false at the end of the stream. An empty document reads as an empty plain scalar.</summary>
    public bool TryRead(out YamlTreeNode? root)
    {
        root = null;
        if (!_started)
        {
            Expect<StreamStart>();
            _started = true;
        }

        var next = Next();
        if (next is StreamEnd)
        {
            return false;
        }

        if (next is not DocumentStart)
        {
            throw Unexpected(next);
        }

        root = ReadDocument();
        return true;
    }

    private YamlTreeNode ReadDocument()
    {
        var anchors = new Dictionary<string, (long Ordinal, YamlTreeNode? Node)>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        long ordinal = 0;
        long aliased = 0;
        long aliasedBytes = 0;
        YamlTreeNode? root = null;

        while (true)
        {
            var current = Next();
            YamlTreeNode? completed;
            switch (current)
            {
                case Scalar scalar:
                    completed = new YamlTreeScalar(scalar.Start, scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? string.Empty : scalar.Tag.Value);
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = (++ordinal, completed);
                    }

                    break;

                case AnchorAlias alias:
                    var name = alias.Value.Value;
                    if (!anchors.TryGetValue(name, out var anchored))
                    {
                        throw Error(YamlToJsonErrorKind.InvalidAlias, alias.Start, $"unknown anchor '{name}' referenced");
                    }

                    completed = anchored.Node ?? throw Error(YamlToJsonErrorKind.InvalidAlias, alias.Start, $"anchor '{name}' value contains itself");
                    if (stack.Count + completed.Height > _options.MaxDepth)
                    {
                        throw Error(YamlToJsonErrorKind.DepthExceeded, alias.Start, $"alias '{name}' nests collections deeper than {_options.MaxDepth} levels");
                    }

                    aliased = Math.Min(long.MaxValue / 2, aliased + completed.Size);
                    if (aliased > _options.MaxAliasExpansion)
                    {
                        throw Error(YamlToJsonErrorKind.AliasExpansionExceeded, alias.Start, $"document contains excessive aliasing: aliases expand to more than {_options.MaxAliasExpansion} nodes");
                    }

                    aliasedBytes = Math.Min(long.MaxValue / 2, aliasedBytes + completed.Bytes);
                    if (aliasedBytes > _options.MaxAliasExpansionBytes)
                    {
                        throw Error(YamlToJsonErrorKind.AliasExpansionExceeded, alias.Start, $"document contains excessive aliasing: aliases expand to more than {_options.MaxAliasExpansionBytes} bytes");
                    }

                    break;

                case SequenceStart or MappingStart:
                    var start = (NodeEvent)current;
                    if (stack.Count + 1 > _options.MaxDepth)
                    {
                        throw Error(YamlToJsonErrorKind.DepthExceeded, start.Start, $"collections are nested deeper than {_options.MaxDepth} levels");
                    }

                    YamlTreeCollection collection = current is SequenceStart ? new YamlTreeSequence(start.Start) : new YamlTreeMapping(start.Start);
                    var anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                    if (anchor is not null)
                    {
                        anchors[anchor] = (++ordinal, null);
                    }

                    stack.Push(new Frame(collection, anchor, anchor is null ? 0 : ordinal));
                    continue;

                case SequenceEnd or MappingEnd:
                    var frame = stack.Pop();
                    completed = frame.Collection;
                    if (frame.Anchor is not null && anchors[frame.Anchor].Ordinal == frame.Ordinal)
                    {
                        anchors[frame.Anchor] = (frame.Ordinal, completed);
                    }

                    break;

                case DocumentEnd:
                    return root ?? throw Unexpected(current);

                default:
                    throw Unexpected(current);
            }

            if (stack.Count == 0)
            {
                root = completed;
            }
            else
            {
                stack.Peek().Attach(completed);
            }
        }
    }

    private ParsingEvent Next()
    {
        try
        {
            if (_parser.MoveNext() && _parser.Current is { } current)
            {
                return current;
            }
        }
        catch (YamlException e)
        {
            throw new YamlToJsonException(YamlToJsonErrorKind.Syntax, e.Start.Line, e.Start.Column, Reason(e.Message), e);
        }

        throw new YamlToJsonException(YamlToJsonErrorKind.Syntax, 0, 0, "unexpected end of the YAML stream");
    }

    private void Expect<T>()
        where T : ParsingEvent
    {
        var current = Next();
        if (current is not T)
        {
            throw Unexpected(current);
        }
    }

    private static YamlToJsonException Unexpected(ParsingEvent current) =>
        Error(YamlToJsonErrorKind.Syntax, current.Start, $"unexpected {current.GetType().Name}");

    private static YamlToJsonException Error(YamlToJsonErrorKind kind, Mark at, string reason) => new(kind, at.Line, at.Column, reason);

    /// <summary>YamlDotNet prefixes its messages with "(Line: 1, Col: 2, Idx: 3) - (...): "; the position is reported separately.</summary>
    private static string Reason(string message)
    {
        var range = message.IndexOf(") - (", StringComparison.Ordinal);
        var end = range < 0 ? -1 : message.IndexOf("): ", range + 5, StringComparison.Ordinal);
        return end < 0 ? message : message[(end + 3)..];
    }

    private sealed class Frame(YamlTreeCollection collection, string? anchor, long ordinal)
    {
        private YamlTreeNode? _key;

        public YamlTreeCollection Collection { get; } = collection;

        public string? Anchor { get; } = anchor;

        public long Ordinal { get; } = ordinal;

        public void Attach(YamlTreeNode node)
        {
            if (Collection is YamlTreeSequence sequence)
            {
                sequence.Add(node);
            }
            else if (_key is null)
            {
                _key = node;
            }
            else
            {
                ((YamlTreeMapping)Collection).Add(_key, node);
                _key = null;
            }
        }
    }
}
