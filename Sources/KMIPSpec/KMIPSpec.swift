/// One tag of the spec table.
public struct TagDefinition: Hashable, Sendable {
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
    public var valueSet: ValueSetDefinition? { valueSetName.flatMap(KMIPSpec.valueSet(named:)) }
}

/// One value of an enumeration, or one bit of a mask.
public struct ValueDefinition: Hashable, Sendable {
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
    public let name: String
    /// The name as the specification prints it.
    public let specName: String
    public let kind: Kind
    /// Every value or bit, ordered by value; a renamed value appears once per name.
    public let values: [ValueDefinition]

    public init(name: String, specName: String, kind: Kind, values: [ValueDefinition]) {
        self.name = name
        self.specName = specName
        self.kind = kind
        self.values = values
    }

    /// The definition of `value`: the one valid in `version` when given, otherwise the
    /// newest name.
    public func value(_ value: UInt32, in version: KMIPVersion? = nil) -> ValueDefinition? {
        KMIPSpec.pick(values.filter { $0.value == value }, version: version, versions: \.versions)
    }

    /// The value whose normalised (or printed) name is `name`: the one valid in `version`
    /// when given and several match, otherwise the newest.
    public func value(named name: some StringProtocol, in version: KMIPVersion? = nil) -> ValueDefinition? {
        KMIPSpec.pick(values.filter { $0.name == name || $0.specName == name }, version: version, versions: \.versions)
    }
}

/// The KMIP 1.0 to 2.1 spec table: tags, enumerations and masks, generated from
/// `Tools/spec/kmip-spec.tsv`.
public enum KMIPSpec {
    /// Every tag row, ordered by value; a renamed tag appears once per name.
    public static var tags: [TagDefinition] { tagTable }

    /// Every enumeration and mask, ordered by name.
    public static var valueSets: [ValueSetDefinition] { valueSetTable }

    /// The definition of `tag`: the one valid in `version` when given, otherwise the newest.
    public static func tag(_ tag: Tag, in version: KMIPVersion? = nil) -> TagDefinition? {
        guard let rows = tagsByValue[tag] else { return nil }
        return pick(rows, version: version, versions: \.versions)
    }

    /// Looks a tag up by its normalised name (`ActivationDate`), any version.
    public static func tag(named name: some StringProtocol) -> TagDefinition? {
        tagsByName[String(name)]
    }

    /// Looks an enumeration or mask up by its normalised name (`ObjectType`).
    public static func valueSet(named name: some StringProtocol) -> ValueSetDefinition? {
        valueSetsByName[String(name)]
    }

    private static let tagsByValue: [Tag: [TagDefinition]] = Dictionary(grouping: tagTable, by: \.tag)

    private static let tagsByName: [String: TagDefinition] = Dictionary(
        tagTable.map { ($0.name, $0) }, uniquingKeysWith: { older, newer in newer.versions.since > older.versions.since ? newer : older }
    )

    private static let valueSetsByName: [String: ValueSetDefinition] = Dictionary(
        valueSetTable.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }
    )

    /// From rows sharing a value or a name: the one valid in `version`, else the newest.
    static func pick<Row>(_ rows: [Row], version: KMIPVersion?, versions: KeyPath<Row, VersionRange>) -> Row? {
        if let version, let match = rows.last(where: { $0[keyPath: versions].contains(version) }) {
            return match
        }
        return rows.max { $0[keyPath: versions].since < $1[keyPath: versions].since }
    }
}
