using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

/// <summary>Parser for the ARM template expression language (the part inside "[...]").</summary>
public static class ArmExpression
{
    public static bool IsExpression(string s) => s.Length >= 2 && s[0] == '[' && s[^1] == ']' && !s.StartsWith("[[", StringComparison.Ordinal);

    public static ArmNode Parse(string expression)
    {
        var p = new Parser(expression);
        var node = p.ParseExpr();
        p.SkipWs();
        if (!p.AtEnd) throw new FormatException($"Unexpected text at {p.Pos} in: {expression}");
        return node;
    }

    private sealed class Parser(string text)
    {
        public int Pos;
        public bool AtEnd => Pos >= text.Length;

        public void SkipWs()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Pos])) Pos++;
        }

        private char Peek() { SkipWs(); return AtEnd ? '\0' : text[Pos]; }

        private void Expect(char c)
        {
            if (Peek() != c) throw new FormatException($"Expected '{c}' at {Pos} in: {text}");
            Pos++;
        }

        public ArmNode ParseExpr()
        {
            var node = ParsePrimary();
            while (true)
            {
                var c = Peek();
                if (c == '.')
                {
                    Pos++;
                    node = new Member(node, ReadIdentifier());
                }
                else if (c == '[')
                {
                    Pos++;
                    var key = ParseExpr();
                    Expect(']');
                    node = new Index(node, key);
                }
                else return node;
            }
        }

        private ArmNode ParsePrimary()
        {
            var c = Peek();
            if (c == '\'') return new Literal(ReadString());
            if (char.IsDigit(c) || c == '-')
            {
                var start = Pos++;
                while (!AtEnd && char.IsDigit(text[Pos])) Pos++;
                return new Literal(long.Parse(text[start..Pos], CultureInfo.InvariantCulture));
            }
            var name = ReadIdentifier();
            Expect('(');
            var args = new List<ArmNode>();
            if (Peek() != ')')
            {
                args.Add(ParseExpr());
                while (Peek() == ',') { Pos++; args.Add(ParseExpr()); }
            }
            Expect(')');
            return new Call(name, args);
        }

        private string ReadIdentifier()
        {
            SkipWs();
            var start = Pos;
            while (!AtEnd && (char.IsLetterOrDigit(text[Pos]) || text[Pos] is '_' or '$')) Pos++;
            if (start == Pos) throw new FormatException($"Identifier expected at {Pos} in: {text}");
            return text[start..Pos];
        }

        private string ReadString()
        {
            Expect('\'');
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw new FormatException($"Unterminated string in: {text}");
                var c = text[Pos++];
                if (c == '\'')
                {
                    if (!AtEnd && text[Pos] == '\'') { sb.Append('\''); Pos++; continue; }
                    return sb.ToString();
                }
                sb.Append(c);
            }
        }
    }
}
