public import KMIPSpec
public import TTLV

/// A reference to an attribute by name, without a value, in one model for every protocol
/// version (KMIP 2.1 section 5.5 Attribute Reference; 1.x 2.1.1 Attribute Name).
///
/// KMIP 1.x names an attribute with an `Attribute Name` text string: the spec name
/// ("Cryptographic Algorithm") or a custom name ("x-Name"). KMIP 2.x writes an `Attribute
/// Reference`: an Enumeration holding the attribute's tag, or, for a vendor attribute, a
/// structure of Vendor Identification and Attribute Name. The field's tag differs too; payloads
/// read and write it under `AttributeReference.tag(in:)`.
public struct AttributeReference: Hashable, Sendable, CustomStringConvertible, TTLVCodable {
    public var name: Attribute.Name

    public init(_ name: Attribute.Name) {
        self.name = name
    }

    /// A reference to the standard attribute under `tag` (`AttributeReference(.state)`).
    public init(_ tag: Tag) {
        self.init(.standard(tag))
    }

    /// The tag of an attribute reference field: Attribute Name in 1.x, Attribute Reference in 2.x.
    public static func tag(in version: KMIPVersion) -> Tag {
        version < .v2_0 ? .attributeName : .attributeReference
    }

    public var description: String { name.description }

    /// Reads any of the three shapes: 1.x text, 2.x tag enumeration, 2.x vendor structure.
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        switch item.value {
        case .textString(let text):
            name = try Attribute.Name(v1Name: text)
        case .enumeration(let value):
            name = .standard(Tag(rawValue: value))
        case .structure:
            var reader = try StructureReader(item, version: version)
            let identification: String = try reader.required(.vendorIdentification)
            let attributeName: String = try reader.required(.attributeName)
            try reader.finish()
            name = .vendor(identification: identification, name: attributeName)
        default:
            throw item.wrongType(expected: .textString, .enumeration, .structure)
        }
    }

    /// Writes the 1.x text or the 2.x enumeration or structure, by `version`.
    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        if version < .v2_0 { return TTLVItem(tag: tag, .textString(try name.v1Name(version: version))) }
        var builder = StructureBuilder(version: version)
        switch name {
        case .standard(let attributeTag):
            try builder.check(attributeTag)
            return TTLVItem(tag: tag, .enumeration(attributeTag.rawValue))
        case .vendor(let identification, let name):
            try builder.add(.vendorIdentification, identification)
            try builder.add(.attributeName, name)
            return builder.build(tag)
        }
    }
}

// MARK: Attribute fields of the attribute operations

extension StructureReader {
    /// Reads the attribute an operation adds, sets or modifies to: a 1.x `Attribute` structure,
    /// or the 2.x attribute in a `New Attribute` structure. Required.
    public mutating func newAttribute() throws(KMIPError) -> Attribute {
        if version < .v2_0 { return try Attribute(v1: try required(.attribute), version: version) }
        guard let attribute = try attribute(in: .newAttribute) else {
            throw KMIPError(.missingField, path: [tag.description], reason: "NewAttribute is required")
        }
        return attribute
    }

    /// Reads the 1.x `Attribute` structure that 1.x responses echo, required there; `nil` from
    /// 2.0 on, where these responses carry none.
    public mutating func v1Attribute() throws(KMIPError) -> Attribute? {
        guard version < .v2_0 else { return nil }
        return try Attribute(v1: try required(.attribute), version: version)
    }

    /// Reads the 2.x attribute held by a `Current Attribute` or `New Attribute` structure under
    /// `wrapper`.
    public mutating func attribute(in wrapper: Tag) throws(KMIPError) -> Attribute? {
        guard let item: TTLVItem = try optional(wrapper) else { return nil }
        guard case .structure(let children) = item.value else { throw item.wrongType(expected: .structure) }
        guard children.count == 1, let child = children.first else {
            throw KMIPError(.invalidValue, path: [wrapper.description], reason: "holds \(children.count) items, not one attribute")
        }
        do {
            return try Attribute(v2: child, version: version)
        } catch {
            throw error.inside(wrapper)
        }
    }

    /// Reads a 1.x list of `Attribute` structures, or the 2.x `Attributes` structure, which is
    /// then required.
    public mutating func attributeList() throws(KMIPError) -> Attributes {
        if version < .v2_0 { return try Attributes(v1Items: try repeated(.attribute), version: version) }
        let item: TTLVItem = try required(.attributes)
        return try Attributes(ttlv: item, version: version)
    }
}

extension StructureBuilder {
    /// Adds the attribute an operation adds, sets or modifies to: a 1.x `Attribute` structure,
    /// or a 2.x `New Attribute` structure.
    public mutating func add(newAttribute attribute: Attribute) throws(KMIPError) {
        guard version < .v2_0 else { return try add(attribute: attribute, in: .newAttribute) }
        append([try attribute.v1(version: version)])
    }

    /// Adds the 1.x `Attribute` structure that 1.x responses echo: `missingField` without one
    /// before 2.0, `notInVersion` with one from 2.0 on.
    public mutating func add(v1Attribute attribute: Attribute?) throws(KMIPError) {
        switch (attribute, version < .v2_0) {
        case (let attribute?, true):
            append([try attribute.v1(version: version)])
        case (nil, true):
            throw KMIPError(.missingField, path: ["Attribute"], reason: "KMIP \(version) requires the Attribute")
        case (_?, false):
            throw KMIPError(.notInVersion, path: ["Attribute"], reason: "KMIP \(version) responses carry no Attribute; 2.0 removed it")
        case (nil, false):
            break
        }
    }

    /// Adds `attribute` inside a 2.x `Current Attribute` or `New Attribute` structure under
    /// `wrapper`; `notInVersion` before 2.0.
    public mutating func add(attribute: Attribute?, in wrapper: Tag) throws(KMIPError) {
        guard let attribute else { return }
        try check(wrapper)
        do {
            append([TTLVItem(tag: wrapper, .structure([try attribute.v2(version: version)]))])
        } catch {
            throw error.inside(wrapper)
        }
    }
}
