public import KMIPSpec
public import TTLV

/// One attribute of a managed object, in one model for every protocol version.
///
/// KMIP 1.x writes an attribute as an `Attribute` structure (Attribute Name, optional
/// Attribute Index, Attribute Value); KMIP 2.x writes it as an item under the attribute's own
/// tag, and a custom attribute as a `Vendor Attribute` (an `Attribute` holding Vendor
/// Identification, Attribute Name and Attribute Value). The value keeps the item's value,
/// with a structure's children under their spec tags (e.g. Name: Name Value, Name Type).
public struct Attribute: Hashable, Sendable {
    /// Which attribute this is.
    public enum Name: Hashable, Sendable, CustomStringConvertible {
        /// An attribute the specification defines, by its tag.
        case standard(Tag)
        /// A custom attribute: 1.x `x-Name` / `y-Name`, or 2.x vendor `identification` and `name`.
        case vendor(identification: String, name: String)

        public var description: String {
            switch self {
            case .standard(let tag): tag.description
            case .vendor(let identification, let name): "\(identification)-\(name)"
            }
        }
    }

    public var name: Name
    /// KMIP 1.x Attribute Index, for attributes that may have several instances; removed in 2.0.
    public var index: Int32?
    public var value: TTLVValue

    public init(_ name: Name, index: Int32? = nil, value: TTLVValue) {
        self.name = name
        self.index = index
        self.value = value
    }

    /// A standard attribute from a typed value (`Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes)`).
    public init(_ tag: Tag, _ value: some TTLVEncodable, index: Int32? = nil) throws(KMIPError) {
        self.init(.standard(tag), index: index, value: try value.ttlv(tag, version: .latest).value)
    }

    /// A Link: of `type`, to the object `identifier` names.
    public static func link(_ type: LinkType, to identifier: String) -> Attribute {
        Attribute(.standard(.link), value: .structure([
            TTLVItem(tag: .linkType, .enumeration(type.rawValue)),
            TTLVItem(tag: .linkedObjectIdentifier, .textString(identifier)),
        ]))
    }

    /// The value read as `T`.
    public func value<T: TTLVDecodable>(as type: T.Type, version: KMIPVersion = .latest) throws(KMIPError) -> T {
        try T(ttlv: TTLVItem(tag: valueTag, value), version: version)
    }

    /// The tag the value carries in 2.x form (the attribute's tag; Attribute Value for vendors).
    var valueTag: Tag {
        if case .standard(let tag) = name { return tag }
        return .attributeValue
    }

    // MARK: KMIP 1.x

    /// Reads a 1.x `Attribute` structure.
    public init(v1 item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        let text: String = try reader.required(.attributeName)
        index = try reader.optional(.attributeIndex)
        let valueItem: TTLVItem = try reader.required(.attributeValue)
        try reader.finish()
        name = try Name(v1Name: text)
        value = valueItem.value
    }

    /// The 1.x `Attribute` structure.
    public func v1(version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.attributeName, try name.v1Name(version: version))
        try builder.add(.attributeIndex, index)
        builder.append([TTLVItem(tag: .attributeValue, value)])
        return builder.build(.attribute)
    }

    // MARK: KMIP 2.x

    /// Reads a 2.x attribute: an item under its own tag, or a vendor `Attribute` structure.
    public init(v2 item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        index = nil
        guard item.tag == .attribute else {
            name = .standard(item.tag)
            value = item.value
            return
        }
        var reader = try StructureReader(item, version: version)
        let identification: String = try reader.required(.vendorIdentification)
        let attributeName: String = try reader.required(.attributeName)
        let valueItem: TTLVItem = try reader.required(.attributeValue)
        try reader.finish()
        name = .vendor(identification: identification, name: attributeName)
        value = valueItem.value
    }

    /// The 2.x item.
    public func v2(version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        if let index, index != 0 {
            throw KMIPError(.notInVersion, path: [name.description], reason: "Attribute Index \(index) cannot be expressed in KMIP \(version); 2.0 removed attribute indices")
        }
        switch name {
        case .standard(let tag):
            try StructureBuilder(version: version).check(tag)
            return TTLVItem(tag: tag, value)
        case .vendor(let identification, let name):
            var builder = StructureBuilder(version: version)
            try builder.add(.vendorIdentification, identification)
            try builder.add(.attributeName, name)
            builder.append([TTLVItem(tag: .attributeValue, value)])
            return builder.build(.attribute)
        }
    }

    /// The item for `version`: 1.x or 2.x form.
    public func ttlv(version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        version < .v2_0 ? try v1(version: version) : try v2(version: version)
    }

    /// Reads either form.
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        if item.tag == .attribute, item[.vendorIdentification] == nil {
            try self.init(v1: item, version: version)
        } else {
            try self.init(v2: item, version: version)
        }
    }
}

extension Attribute.Name {
    /// Reads a 1.x Attribute Name: a spec attribute name, or a custom `x-Name` / `y-Name`.
    init(v1Name text: String) throws(KMIPError) {
        if let definition = SpecTable.tag(named: text), definition.specName == text {
            self = .standard(definition.tag)
        } else if let dash = text.firstIndex(of: "-") {
            self = .vendor(identification: String(text[..<dash]), name: String(text[text.index(after: dash)...]))
        } else {
            throw KMIPError(.invalidValue, path: ["AttributeName"], reason: "'\(text.prefix(80))' is neither a KMIP attribute nor a custom name such as x-Name")
        }
    }

    /// The 1.x Attribute Name: the spec name as `version` prints it, or `identification-name`.
    func v1Name(version: KMIPVersion) throws(KMIPError) -> String {
        switch self {
        case .standard(let tag):
            guard let definition = SpecTable.tag(tag, in: version) else {
                throw KMIPError(.invalidValue, path: ["AttributeName"], reason: "\(tag.hex) is not a KMIP attribute")
            }
            try StructureBuilder(version: version).check(tag)
            return definition.specName
        case .vendor(let identification, let name):
            return identification + "-" + name
        }
    }
}
