namespace Tdcc.Mesh.ApiMachinery.Selectors;

/// <summary>Recursive-descent parser for kube's label selector text (the grammar of apimachinery's <c>labels.Parse</c>).</summary>
internal sealed class LabelSelectorParser
{
    private readonly List<(TokenKind Kind, string Text)> tokens;
    private int position;

    private LabelSelectorParser(List<(TokenKind Kind, string Text)> tokens) => this.tokens = tokens;

    private enum TokenKind
    {
        Identifier,
        In,
        NotIn,
        Bang,
        Equal,
        DoubleEqual,
        NotEqual,
        GreaterThan,
        LessThan,
        OpenParen,
        CloseParen,
        Comma,
        End,
    }

    /// <summary>Parses <paramref name="text"/> into requirements (unsorted).</summary>
    public static List<LabelRequirement> Parse(string text) => new LabelSelectorParser(Lex(text)).ParseSelector();

    private static List<(TokenKind Kind, string Text)> Lex(string text)
    {
        var result = new List<(TokenKind, string)>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (IsSpecial(c))
            {
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                (TokenKind Kind, string Text) token = c switch
                {
                    '!' when next == '=' => (TokenKind.NotEqual, "!="),
                    '!' => (TokenKind.Bang, "!"),
                    '=' when next == '=' => (TokenKind.DoubleEqual, "=="),
                    '=' => (TokenKind.Equal, "="),
                    '>' => (TokenKind.GreaterThan, ">"),
                    '<' => (TokenKind.LessThan, "<"),
                    '(' => (TokenKind.OpenParen, "("),
                    ')' => (TokenKind.CloseParen, ")"),
                    _ => (TokenKind.Comma, ","),
                };
                result.Add(token);
                i += token.Text.Length;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !IsSpecial(text[i]))
            {
                i++;
            }

            var word = text[start..i];
            var kind = word switch
            {
                "in" => TokenKind.In,
                "notin" => TokenKind.NotIn,
                _ => TokenKind.Identifier,
            };
            result.Add((kind, word));
        }

        result.Add((TokenKind.End, string.Empty));
        return result;
    }

    private static bool IsSpecial(char c) => c is '!' or '=' or '>' or '<' or '(' or ')' or ',';

    private (TokenKind Kind, string Text) Peek(bool valuesContext)
    {
        var token = tokens[position];
        return valuesContext && token.Kind is TokenKind.In or TokenKind.NotIn ? (TokenKind.Identifier, token.Text) : token;
    }

    private (TokenKind Kind, string Text) Next(bool valuesContext)
    {
        var token = Peek(valuesContext);
        if (token.Kind != TokenKind.End)
        {
            position++;
        }

        return token;
    }

    private List<LabelRequirement> ParseSelector()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (kind, text) = Peek(valuesContext: true);
            switch (kind)
            {
                case TokenKind.Identifier or TokenKind.Bang:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (SelectorParseException ex)
                    {
                        throw new SelectorParseException("unable to parse requirement: " + ex.Message, ex);
                    }

                    var (after, afterText) = Next(valuesContext: true);
                    if (after == TokenKind.End)
                    {
                        return requirements;
                    }

                    if (after != TokenKind.Comma)
                    {
                        throw new SelectorParseException($"found '{afterText}', expected: ',' or 'end of string'");
                    }

                    var (following, followingText) = Peek(valuesContext: true);
                    if (following is not (TokenKind.Identifier or TokenKind.Bang))
                    {
                        throw new SelectorParseException($"found '{followingText}', expected: identifier after ','");
                    }

                    break;
                case TokenKind.End:
                    return requirements;
                default:
                    throw new SelectorParseException($"found '{text}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (kind, key) = Next(valuesContext: true);
        var negated = kind == TokenKind.Bang;
        if (negated)
        {
            (kind, key) = Next(valuesContext: true);
        }

        if (kind != TokenKind.Identifier)
        {
            throw new SelectorParseException($"found '{key}', expected: identifier");
        }

        var keyErrors = LabelSyntax.ValidateKey(key);
        if (keyErrors.Count > 0)
        {
            throw new SelectorParseException($"invalid label key \"{key}\": {string.Join("; ", keyErrors)}");
        }

        var lookahead = Peek(valuesContext: true).Kind;
        if (negated)
        {
            return LabelRequirement.Create(key, SelectorOperator.DoesNotExist, []);
        }

        if (lookahead is TokenKind.End or TokenKind.Comma)
        {
            return LabelRequirement.Create(key, SelectorOperator.Exists, []);
        }

        var op = ParseOperator();
        IEnumerable<string> values = op is SelectorOperator.In or SelectorOperator.NotIn ? ParseValueSet() : [ParseExactValue()];
        return LabelRequirement.Create(key, op, values);
    }

    private SelectorOperator ParseOperator()
    {
        var (kind, text) = Next(valuesContext: false);
        return kind switch
        {
            TokenKind.In => SelectorOperator.In,
            TokenKind.NotIn => SelectorOperator.NotIn,
            TokenKind.Equal => SelectorOperator.Equal,
            TokenKind.DoubleEqual => SelectorOperator.DoubleEqual,
            TokenKind.NotEqual => SelectorOperator.NotEqual,
            TokenKind.GreaterThan => SelectorOperator.GreaterThan,
            TokenKind.LessThan => SelectorOperator.LessThan,
            _ => throw new SelectorParseException($"found '{text}', expected: in, notin, =, ==, !=, gt, lt"),
        };
    }

    private string ParseExactValue()
    {
        var (kind, text) = Peek(valuesContext: true);
        if (kind is TokenKind.End or TokenKind.Comma)
        {
            return string.Empty;
        }

        Next(valuesContext: true);
        return kind == TokenKind.Identifier ? text : throw new SelectorParseException($"found '{text}', expected: identifier");
    }

    private List<string> ParseValueSet()
    {
        var (open, openText) = Next(valuesContext: true);
        if (open != TokenKind.OpenParen)
        {
            throw new SelectorParseException($"found '{openText}', expected: '('");
        }

        var values = new List<string>();
        var (kind, text) = Peek(valuesContext: true);
        if (kind == TokenKind.CloseParen)
        {
            Next(valuesContext: true);
            return values;
        }

        if (kind is not (TokenKind.Identifier or TokenKind.Comma))
        {
            throw new SelectorParseException($"found '{text}', expected: ',', ')' or identifier");
        }

        var expectValue = true;
        while (true)
        {
            (kind, text) = Next(valuesContext: true);
            switch (kind)
            {
                case TokenKind.Identifier when expectValue:
                    values.Add(text);
                    expectValue = false;
                    break;
                case TokenKind.Comma:
                    if (expectValue)
                    {
                        values.Add(string.Empty);
                    }

                    expectValue = true;
                    break;
                case TokenKind.CloseParen:
                    if (expectValue)
                    {
                        values.Add(string.Empty);
                    }

                    return values;
                default:
                    throw new SelectorParseException($"found '{text}', expected: ',' or ')'");
            }
        }
    }
}
