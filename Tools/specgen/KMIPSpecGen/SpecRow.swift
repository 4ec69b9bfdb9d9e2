/// One row of `Tools/spec/kmip-spec.tsv`.
public struct SpecRow: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// A tag.
        case tag
        /// An enumeration value.
        case `enum`
        /// A mask bit.
        case mask
        /// Another spelling of an enumeration value or mask bit, accepted when reading.
        case alias
    }

    public var kind: Kind
    /// Tag rows: the enumeration or mask the tag carries; value rows: their set.
    public var set: String
    /// The name as the specification prints it.
    public var name: String
    public var value: UInt32
    /// Tag rows: item type names, most common first.
    public var types: [String]
    public var since: String
    public var until: String?
    public var section: String
    /// 1-based line number in the table file, for error messages.
    public var line: Int
}

/// A problem in the table, with the line it was found on.
public struct SpecTableError: Error, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public var description: String { "kmip-spec.tsv line \(line): \(reason)" }
}

/// Reads the table file.
public enum SpecTableFile {
    public static let header = ["kind", "set", "name", "value", "type", "since", "until", "section"]
    public static let versions = ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1"]
    public static let itemTypes = [
        "Structure", "Integer", "LongInteger", "BigInteger", "Enumeration", "Boolean",
        "TextString", "ByteString", "DateTime", "Interval", "DateTimeExtended",
    ]

    /// Parses and validates the whole table.
    public static func parse(_ text: String) throws(SpecTableError) -> [SpecRow] {
        var rows: [SpecRow] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) == header else {
            throw SpecTableError(line: 1, reason: "the header must be \(header.joined(separator: " TAB "))")
        }
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            rows.append(try parseRow(line, number: index + 1))
        }
        return rows
    }

    private static func parseRow(_ line: Substring, number: Int) throws(SpecTableError) -> SpecRow {
        func fail(_ reason: String) -> SpecTableError { SpecTableError(line: number, reason: reason) }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == header.count else { throw fail("expected \(header.count) fields, found \(fields.count)") }
        guard let kind = SpecRow.Kind(rawValue: fields[0]) else { throw fail("unknown kind '\(fields[0])'") }
        let name = fields[2]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII }) else { throw fail("name must be non-empty ASCII: '\(name)'") }
        let hex = fields[3]
        let digits = kind == .tag ? 6 : 8
        guard hex.hasPrefix("0x"), hex.count == digits + 2, let value = UInt32(hex.dropFirst(2), radix: 16) else {
            throw fail("value must be 0x and \(digits) hex digits: '\(hex)'")
        }
        let types = fields[4].isEmpty ? [] : fields[4].split(separator: "|").map(String.init)
        if kind == .tag {
            guard !types.isEmpty else { throw fail("a tag needs a type") }
            for type in types where !itemTypes.contains(type) { throw fail("unknown item type '\(type)'") }
        } else if !types.isEmpty {
            throw fail("only tags have a type")
        }
        if kind != .tag && fields[1].isEmpty { throw fail("an enumeration value, mask bit or alias needs its set") }
        guard versions.contains(fields[5]) else { throw fail("unknown version '\(fields[5])'") }
        let until = fields[6].isEmpty ? nil : fields[6]
        if let until {
            guard let u = versions.firstIndex(of: until), let s = versions.firstIndex(of: fields[5]), u > s else {
                throw fail("'until' must be a later version than 'since'")
            }
        }
        return SpecRow(
            kind: kind, set: fields[1], name: name, value: value, types: types,
            since: fields[5], until: until, section: fields[7], line: number
        )
    }
}
