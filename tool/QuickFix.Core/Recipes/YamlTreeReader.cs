using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace QuickFix.Recipes;

/// <summary>
/// Builds a recipe's YAML tree from YamlDotNet's low-level parser events, so that every node keeps its line and
/// column. Hand-built rather than YamlDotNet's representation model because that model neither bounds alias
/// expansion nor reports the place of a duplicate key under our error codes. Rejects: syntax errors, tags,
/// undefined aliases, several documents, duplicate and non-scalar keys, nesting deeper than
/// <see cref="RecipeLoader.MaxDepth"/> and more than <see cref="RecipeLoader.MaxNodes"/> nodes with aliases expanded.
/// </summary>
internal sealed partial class YamlTreeReader
{
    private readonly string _filePath;
    private readonly Dictionary<string, (YamlNode Node, long ExpandedSize)> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _open = new();
    private long _expandedNodes;

    private YamlTreeReader(string filePath)
    {
        _filePath = filePath;
    }

    /// <summary>The document's root node, or null for an empty stream or document.</summary>
    public static YamlNode? Read(string text, string filePath)
    {
        var reader = new YamlTreeReader(filePath);
        try
        {
            return reader.ReadStream(new Parser(new StringReader(text)));
        }
        catch (YamlException exception)
        {
            throw new RecipeException(
                RecipeException.SyntaxCode, "invalid YAML: " + StripMarks(exception.Message), filePath, Location(exception.Start), exception);
        }
    }

    private static SourceLocation Location(Mark mark) => new(checked((int)mark.Line), checked((int)mark.Column));

    // YamlDotNet prefixes its messages with "(Line: 1, Col: 2, Idx: 1) - (Line: …): "; the place is reported separately.
    private static string StripMarks(string message) => MarkPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    private YamlNode? ReadStream(Parser parser)
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        var root = ReadNode(parser);
        parser.Consume<DocumentEnd>();
        if (parser.Accept<DocumentStart>(out var second))
        {
            throw Error(RecipeException.SyntaxCode, Location(second.Start), "a recipe is one YAML document; found a second one here.");
        }

        parser.Consume<StreamEnd>();
        return root is YamlScalarNode { IsNull: true } ? null : root;
    }

    // Iterative, so that hostile nesting cannot overflow the stack before the depth limit is checked.
    private YamlNode ReadNode(Parser parser)
    {
        while (true)
        {
            var parsingEvent = parser.Consume<ParsingEvent>();
            YamlNode completed;
            switch (parsingEvent)
            {
                case Scalar scalar:
                    RejectTag(scalar);
                    Count(1, scalar.Start);
                    completed = new YamlScalarNode(scalar.Value, scalar.Style == ScalarStyle.Plain, Location(scalar.Start));
                    Anchor(scalar, completed, 1);
                    break;
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw Error(RecipeException.SyntaxCode, Location(alias.Start), $"the alias *{alias.Value.Value} names no anchor defined before it.");
                    }

                    Count(anchored.ExpandedSize, alias.Start);
                    completed = anchored.Node;
                    break;
                case SequenceStart or MappingStart:
                    var start = (NodeEvent)parsingEvent;
                    RejectTag(start);
                    if (_open.Count >= RecipeLoader.MaxDepth)
                    {
                        throw Error(RecipeException.StructureLimitCode, Location(start.Start), $"the recipe nests deeper than {RecipeLoader.MaxDepth} levels.");
                    }

                    Count(1, start.Start);
                    _open.Push(new Frame(start, _expandedNodes));
                    continue;
                case SequenceEnd or MappingEnd:
                    var frame = _open.Pop();
                    completed = frame.Complete();
                    Anchor(frame.Start, completed, _expandedNodes - frame.NodesBefore + 1);
                    break;
                default:
                    throw Error(RecipeException.SyntaxCode, Location(parsingEvent.Start), $"unexpected YAML event {parsingEvent.GetType().Name}.");
            }

            if (_open.Count == 0)
            {
                return completed;
            }

            _open.Peek().Add(completed, this);
        }
    }

    private void RejectTag(NodeEvent nodeEvent)
    {
        if (!nodeEvent.Tag.IsEmpty)
        {
            throw Error(RecipeException.SyntaxCode, Location(nodeEvent.Start), $"YAML tags ({nodeEvent.Tag.Value}) are not used in recipes; remove the tag.");
        }
    }

    private void Count(long nodes, Mark at)
    {
        _expandedNodes += nodes;
        if (_expandedNodes > RecipeLoader.MaxNodes)
        {
            throw Error(
                RecipeException.StructureLimitCode,
                Location(at),
                $"the recipe holds more than {RecipeLoader.MaxNodes} values with its aliases expanded.");
        }
    }

    private void Anchor(NodeEvent nodeEvent, YamlNode node, long expandedSize)
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            _anchors[nodeEvent.Anchor.Value] = (node, expandedSize);
        }
    }

    private RecipeException Error(string code, SourceLocation location, string message) => new(code, message, _filePath, location);

    /// <summary>An open sequence or mapping: its items so far, and for a mapping the key waiting for its value.</summary>
    private sealed class Frame(NodeEvent start, long nodesBefore)
    {
        private readonly List<YamlNode> _items = [];
        private readonly List<KeyValuePair<YamlScalarNode, YamlNode>> _entries = [];
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private YamlScalarNode? _pendingKey;

        public NodeEvent Start { get; } = start;

        public long NodesBefore { get; } = nodesBefore;

        public void Add(YamlNode node, YamlTreeReader reader)
        {
            if (Start is SequenceStart)
            {
                _items.Add(node);
            }
            else if (_pendingKey is not null)
            {
                _entries.Add(new(_pendingKey, node));
                _pendingKey = null;
            }
            else if (node is not YamlScalarNode key)
            {
                throw reader.Error(RecipeException.WrongTypeCode, node.Location, $"a key must be plain text, found {node.Describe()}.");
            }
            else if (!_keys.Add(key.Value))
            {
                throw reader.Error(RecipeException.DuplicateKeyCode, key.Location, $"{key.Value}: this key appears twice in the same mapping; keep one.");
            }
            else
            {
                _pendingKey = key;
            }
        }

        public YamlNode Complete() => Start is SequenceStart
            ? new YamlSequenceNode(_items, Location(Start.Start))
            : new YamlMappingNode(_entries, Location(Start.Start));
    }
}
