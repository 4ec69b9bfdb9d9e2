/// A table row defined in a range of versions.
protocol Versioned {
    var versions: VersionRange { get }
}

/// One tag of the spec table.
public struct TagDefinition: Hashable, Sendable, Versioned {
    /// The tag value.
    public let tag: Tag
    /// The name as the specification prints it (`IV/Counter/Nonce`).
    public let specName: String
    /// The normalised CamelCase name used by the XML and JSON encodings (`IVCounterNonce`).
    public let name: String
    /// The item types the tag carries, most common first.
    public let types: [ItemType]
    /// The normalised name of the enumeration or mask whose values the tag carries.
    public let valueSetName: String?
    /// The versions that define the tag under this name.
    public let versions: VersionRange
    /// The spec section that defines it (`2.1 4.1`).
    public let section: String

    public init(
        tag: Tag, specName: String, name: String, types: [ItemType], valueSetName: String?,
        versions: VersionRange, section: String
    ) {
        self.tag = tag
        self.specName = specName
        self.name = name
        self.types = types
        self.valueSetName = valueSetName
        self.versions = versions
        self.section = section
    }

    /// The enumeration or mask whose values the tag carries.
    public var valueSet: ValueSetDefinition? { valueSetName.flatMap(SpecTable.valueSet(named:)) }
}

/// One value of an enumeration, or one bit of a mask.
public struct ValueDefinition: Hashable, Sendable, Versioned {
    /// The 32-bit value (for a mask, the bit).
    public let value: UInt32
    /// The name as the specification prints it (`Symmetric Key`).
    public let specName: String
    /// The normalised CamelCase name (`SymmetricKey`).
    public let name: String
    /// The versions that define the value under this name.
    public let versions: VersionRange
    /// The spec section that defines it.
    public let section: String

    public init(value: UInt32, specName: String, name: String, versions: VersionRange, section: String) {
        self.value = value
        self.specName = specName
        self.name = name
        self.versions = versions
        self.section = section
    }
}

/// An enumeration or a bit mask of the specification, with all its values.
public struct ValueSetDefinition: Hashable, Sendable {
    /// Whether values are alternatives (an enumeration) or bits to combine (a mask).
    public enum Kind: Hashable, Sendable {
        case enumeration
        case mask
    }

    /// The normalised name (`ObjectType`, `CryptographicUsageMask`).
    public var name: String { storage.name }
    /// The name as the specification prints it.
    public var specName: String { storage.specName }
    public var kind: Kind { storage.kind }
    /// Every value or bit, ordered by value; a renamed value appears once per name.
    public var values: [ValueDefinition] { storage.values }
    /// Other spellings found in published test cases, by normalised name; accepted when
    /// reading, never written.
    public var aliases: [String: UInt32] { storage.aliases }

    /// Shared, so that handing a definition around (each enumeration written asks for its
    /// set) costs one reference count, not one per field.
    private let storage: Storage

    private final class Storage: Sendable {
        let name: String
        let specName: String
        let kind: Kind
        let values: [ValueDefinition]
        let aliases: [String: UInt32]
        /// Per value: its rows in `values`.
        let index: [UInt32: [Int]]
        /// Per value: the versions defining it under any name (`VersionBits`), apart from
        /// `index` so that `defines` reads a plain number.
        let versions: [UInt32: UInt8]

        init(name: String, specName: String, kind: Kind, values: [ValueDefinition], aliases: [String: UInt32]) {
            self.name = name
            self.specName = specName
            self.kind = kind
            self.values = values
            self.aliases = aliases
            let index = Dictionary(grouping: values.indices, by: { values[$0].value })
            self.index = index
            self.versions = index.mapValues { positions in VersionBits.of(positions.map { values[$0].versions }) }
        }
    }

    public init(name: String, specName: String, kind: Kind, values: [ValueDefinition], aliases: [String: UInt32] = [:]) {
        storage = Storage(name: name, specName: specName, kind: kind, values: values, aliases: aliases)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.name == rhs.name && lhs.specName == rhs.specName && lhs.kind == rhs.kind && lhs.values == rhs.values && lhs.aliases == rhs.aliases)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(values)
    }

    /// Whether `value` is defined in `version` under any name; nil for a value the set does
    /// not know. Answered from an index: it runs for every enumeration written.
    public func defines(_ value: UInt32, in version: KMIPVersion) -> Bool? {
        guard let bits = storage.versions[value] else { return nil }
        return VersionBits.contains(bits, version) { (storage.index[value] ?? []).map { values[$0] } }
    }

    /// The definition of `value`: the one valid in `version` when given, otherwise the
    /// newest name.
    public func value(_ value: UInt32, in version: KMIPVersion? = nil) -> ValueDefinition? {
        guard let positions = storage.index[value] else { return nil }
        return SpecTable.pick(positions.lazy.map { storage.values[$0] }, version: version)
    }

    /// The value whose normalised (or printed) name, or alias, is `name`: the one valid in
    /// `version` when given and several match, otherwise the newest.
    public func value(named name: some StringProtocol, in version: KMIPVersion? = nil) -> ValueDefinition? {
        let matches = values.filter { $0.name == name || $0.specName == name }
        if matches.isEmpty, let alias = aliases[String(name)] { return value(alias, in: version) }
        return SpecTable.pick(matches, version: version)
    }
}

/// The KMIP 1.0 to 2.1 spec table: tags, enumerations and masks, generated from
/// `Tools/spec/kmip-spec.tsv`.
public enum SpecTable {
    /// Every tag row, ordered by value; a renamed tag appears once per name.
    public static var tags: [TagDefinition] { tagTable }

    /// Every enumeration and mask, ordered by name.
    public static var valueSets: [ValueSetDefinition] { valueSetTable }

    /// The definition of `tag`: the one valid in `version` when given, otherwise the newest.
    public static func tag(_ tag: Tag, in version: KMIPVersion? = nil) -> TagDefinition? {
        guard let rows = tagsByValue[tag] else { return nil }
        return pick(rows, version: version)
    }

    /// Whether `tag` is defined in `version` under any name; nil for a tag the table does not
    /// know (an extension). Answered from an index: it runs for every item written.
    public static func defines(_ tag: Tag, in version: KMIPVersion) -> Bool? {
        let bits = tag.rawValue >> 16 == 0x42 ? standardTagVersions[Int(tag.rawValue & 0xFFFF)] : tagVersions[tag] ?? 0
        guard bits != 0 else { return nil }
        return VersionBits.contains(bits, version) { tagsByValue[tag] ?? [] }
    }

    /// Looks a tag up by its normalised name (`ActivationDate`) or its printed name
    /// (`Activation Date`, as 1.x Attribute Names carry it), any version.
    public static func tag(named name: some StringProtocol) -> TagDefinition? {
        tagsByName[String(name)]
    }

    /// Looks an enumeration or mask up by its normalised name (`ObjectType`).
    public static func valueSet(named name: some StringProtocol) -> ValueSetDefinition? {
        valueSetsByName[String(name)]
    }

    private static let parsed = parseTable(tableText)
    static var tagTable: [TagDefinition] { parsed.tags }
    static var valueSetTable: [ValueSetDefinition] { parsed.sets }

    /// Reads the generated `tableText`. Each line is tab-separated, its first field a kind:
    ///
    ///     t  value  types  set  since  until  specName  name  section   (a tag; types are
    ///                                                                   item type bytes)
    ///     s  e|m  name  specName                                        (an enumeration or mask)
    ///     v  value  since  until  specName  name  section               (a value of the set above)
    ///     a  value  name                                                (an alias in the set above)
    static func parseTable(_ text: String) -> (tags: [TagDefinition], sets: [ValueSetDefinition]) {
        var tags: [TagDefinition] = []
        var sets: [ValueSetDefinition] = []
        var current: (name: String, specName: String, kind: ValueSetDefinition.Kind, values: [ValueDefinition], aliases: [String: UInt32])?
        func closeSet() {
            if let set = current {
                sets.append(ValueSetDefinition(name: set.name, specName: set.specName, kind: set.kind, values: set.values, aliases: set.aliases))
            }
            current = nil
        }
        func range(_ since: Substring, _ until: Substring) -> VersionRange {
            VersionRange(since: KMIPVersion(since) ?? .v1_0, until: until.isEmpty ? nil : KMIPVersion(until))
        }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch f.first {
            case "t" where f.count == 9:
                guard let value = UInt32(f[1].dropFirst(2), radix: 16) else { continue }
                let types = f[2].split(separator: ",").compactMap { UInt8($0).flatMap(ItemType.init(rawValue:)) }
                tags.append(TagDefinition(
                    tag: Tag(rawValue: value), specName: String(f[6]), name: String(f[7]), types: types,
                    valueSetName: f[3].isEmpty ? nil : String(f[3]), versions: range(f[4], f[5]), section: String(f[8])))
            case "s" where f.count == 4:
                closeSet()
                current = (String(f[2]), String(f[3]), f[1] == "m" ? .mask : .enumeration, [], [:])
            case "v" where f.count == 7:
                guard let value = UInt32(f[1].dropFirst(2), radix: 16) else { continue }
                current?.values.append(ValueDefinition(
                    value: value, specName: String(f[4]), name: String(f[5]), versions: range(f[2], f[3]), section: String(f[6])))
            case "a" where f.count == 3:
                guard let value = UInt32(f[1].dropFirst(2), radix: 16) else { continue }
                current?.aliases[String(f[2])] = value
            default:
                continue
            }
        }
        closeSet()
        return (tags, sets)
    }

    private static let tagsByValue: [Tag: [TagDefinition]] = Dictionary(grouping: tagTable, by: \.tag)

    private static let tagVersions: [Tag: UInt8] = tagsByValue.mapValues { VersionBits.of($0.map(\.versions)) }
    /// `tagVersions` of the standard tags (0x42XXXX) by their low 16 bits, 0 for a tag the
    /// table lacks: `defines` runs for every item written, and this is one array read.
    private static let standardTagVersions: [UInt8] = tagVersions.reduce(into: [UInt8](repeating: 0, count: 0x1_0000)) { bits, entry in
        if entry.key.rawValue >> 16 == 0x42 { bits[Int(entry.key.rawValue & 0xFFFF)] = entry.value }
    }

    private static let tagsByName: [String: TagDefinition] = Dictionary(
        tagTable.flatMap { [($0.name, $0), ($0.specName, $0)] },
        uniquingKeysWith: { first, second in second.versions.since > first.versions.since ? second : first }
    )

    private static let valueSetsByName: [String: ValueSetDefinition] = Dictionary(
        valueSetTable.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }
    )

    /// From rows sharing a value or a name: the one valid in `version`, else the newest.
    static func pick<Rows: BidirectionalCollection>(_ rows: Rows, version: KMIPVersion?) -> Rows.Element? where Rows.Element: Versioned {
        if let version, let match = rows.last(where: { $0.versions.contains(version) }) {
            return match
        }
        return rows.max { $0.versions.since < $1.versions.since }
    }
}

/// The versions of `KMIPVersion.all` as the bits of a byte, for the version checks made on
/// every item written; a version outside `all` is looked up in the rows instead.
enum VersionBits {
    /// The bits of the versions any of `ranges` contains.
    static func of(_ ranges: [VersionRange]) -> UInt8 {
        var bits: UInt8 = 0
        for (index, version) in KMIPVersion.all.enumerated() where ranges.contains(where: { $0.contains(version) }) {
            bits |= 1 << index
        }
        return bits
    }

    /// Whether `bits` hold `version`; for a version outside `all`, whether one of `rows` (the
    /// rows the bits were made from) is defined in it.
    static func contains<Row: Versioned>(_ bits: UInt8, _ version: KMIPVersion, rows: () -> [Row]) -> Bool {
        if let index = version.indexInAll { return bits & 1 << index != 0 }
        return rows().contains { $0.versions.contains(version) }
    }
}
