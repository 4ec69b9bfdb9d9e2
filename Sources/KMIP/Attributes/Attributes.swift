public import KMIPSpec
public import TTLV

/// An ordered list of attributes, with typed access, written as 1.x Template-Attribute /
/// Attribute lists or 2.x `Attributes` by protocol version.
public struct Attributes: Hashable, Sendable, ExpressibleByArrayLiteral {
    public var list: [Attribute]
    /// KMIP 1.x: names of Template objects whose attributes apply (Template-Attribute only).
    public var templateNames: [TTLVItem]

    public init(_ list: [Attribute], templateNames: [TTLVItem] = []) {
        self.list = list
        self.templateNames = templateNames
    }

    /// No attributes.
    public init() {
        self.init([])
    }

    public init(arrayLiteral elements: Attribute...) {
        self.init(elements)
    }

    public var isEmpty: Bool { list.isEmpty && templateNames.isEmpty }

    /// Every attribute under `tag`.
    public func all(_ tag: Tag) -> [Attribute] {
        list.filter { $0.name == .standard(tag) }
    }

    /// The first value of the attribute under `tag`, read as `T`; `nil` when absent.
    public func value<T: TTLVDecodable>(_ tag: Tag, as type: T.Type = T.self) throws(KMIPError) -> T? {
        guard let attribute = list.first(where: { $0.name == .standard(tag) }) else { return nil }
        return try attribute.value(as: type)
    }

    /// Replaces every attribute under `tag` with one holding `value` (removes it for `nil`).
    public mutating func set(_ tag: Tag, _ value: (some TTLVEncodable)?) throws(KMIPError) {
        let position = list.firstIndex { $0.name == .standard(tag) }
        list.removeAll { $0.name == .standard(tag) }
        guard let value else { return }
        let attribute = try Attribute(tag, value)
        list.insert(attribute, at: min(position ?? list.count, list.count))
    }

    public var objectType: ObjectType? { get throws(KMIPError) { try value(.objectType) } }
    public var cryptographicAlgorithm: CryptographicAlgorithm? { get throws(KMIPError) { try value(.cryptographicAlgorithm) } }
    public var cryptographicLength: Int32? { get throws(KMIPError) { try value(.cryptographicLength) } }
    public var cryptographicUsageMask: CryptographicUsageMask? { get throws(KMIPError) { try value(.cryptographicUsageMask) } }
    public var state: State? { get throws(KMIPError) { try value(.state) } }
    public var uniqueIdentifier: String? { get throws(KMIPError) { try value(.uniqueIdentifier) } }
    public var activationDate: DateTime? { get throws(KMIPError) { try value(.activationDate) } }

    // MARK: Encodings

    /// Reads attributes from a 1.x Template-Attribute (Name* then Attribute*) or a 2.x
    /// `Attributes` structure (attribute items), whichever `item` is.
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .structure(let children) = item.value else { throw item.wrongType(expected: .structure) }
        var list: [Attribute] = []
        var names: [TTLVItem] = []
        let isTemplate = Self.templateTags[item.tag] != nil
        for child in children {
            if isTemplate && child.tag == .name {
                names.append(child)
            } else if isTemplate {
                list.append(try Attribute(v1: child, version: version))
            } else {
                list.append(try Attribute(v2: child, version: version))
            }
        }
        self.init(list, templateNames: names)
    }

    /// Reads a list of 1.x `Attribute` items (as a Get Attributes response carries them).
    public init(v1Items items: [TTLVItem], version: KMIPVersion) throws(KMIPError) {
        var list: [Attribute] = []
        for item in items { list.append(try Attribute(v1: item, version: version)) }
        self.init(list)
    }

    /// 1.x Template-Attribute tags and their 2.x counterparts.
    static let templateTags: [Tag: Tag] = [
        .templateAttribute: .attributes,
        .commonTemplateAttribute: .commonAttributes,
        .privateKeyTemplateAttribute: .privateKeyAttributes,
        .publicKeyTemplateAttribute: .publicKeyAttributes,
    ]

    /// The structure for `version`: under `v1Tag` (a Template-Attribute tag) in 1.x, or
    /// under its 2.x counterpart.
    public func ttlv(_ v1Tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        if version < .v2_0 {
            var children = templateNames
            for attribute in list { children.append(try attribute.v1(version: version)) }
            return TTLVItem(tag: v1Tag, .structure(children))
        }
        guard templateNames.isEmpty else {
            throw KMIPError(.notInVersion, path: [v1Tag.description], reason: "templates cannot be referenced in KMIP \(version); 2.0 removed Template objects")
        }
        var children: [TTLVItem] = []
        for attribute in list { children.append(try attribute.v2(version: version)) }
        return TTLVItem(tag: Self.templateTags[v1Tag] ?? v1Tag, .structure(children))
    }

    /// The 1.x `Attribute` items, one per attribute.
    public func v1Items(version: KMIPVersion) throws(KMIPError) -> [TTLVItem] {
        var items: [TTLVItem] = []
        for attribute in list { items.append(try attribute.v1(version: version)) }
        return items
    }
}

extension StructureReader {
    /// Reads the attributes of a payload: the 1.x Template-Attribute under `v1Tag` or the 2.x
    /// structure that replaced it, whichever is present.
    public mutating func attributes(_ v1Tag: Tag) throws(KMIPError) -> Attributes? {
        if let item: TTLVItem = try optional(v1Tag) { return try Attributes(ttlv: item, version: version) }
        guard let v2Tag = Attributes.templateTags[v1Tag], let item: TTLVItem = try optional(v2Tag) else { return nil }
        return try Attributes(ttlv: item, version: version)
    }
}

extension StructureBuilder {
    /// Adds attributes as a 1.x Template-Attribute under `v1Tag`, or the 2.x structure that
    /// replaced it.
    public mutating func add(attributes: Attributes?, _ v1Tag: Tag) throws(KMIPError) {
        guard let attributes else { return }
        append([try attributes.ttlv(v1Tag, version: version)])
    }
}
