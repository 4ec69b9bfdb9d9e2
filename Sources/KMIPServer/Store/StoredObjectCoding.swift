import KMIP
import KMIPSpec
import TTLV

/// A stored object as one TTLV item, for storage on disk: the object in its own encoding, and
/// each attribute as (name, index, value) under extension tags, so nothing is lost whatever
/// version the attribute belongs to.
enum StoredObjectCoding {
    static let recordTag = Tag(rawValue: 0x54_F000)
    static let ownerTag = Tag(rawValue: 0x54_F001)
    static let archivedTag = Tag(rawValue: 0x54_F002)
    static let attributeRecordTag = Tag(rawValue: 0x54_F010)
    static let attributeTag = Tag(rawValue: 0x54_F011)
    static let vendorTag = Tag(rawValue: 0x54_F012)
    static let vendorNameTag = Tag(rawValue: 0x54_F013)
    static let indexTag = Tag(rawValue: 0x54_F014)
    static let valueTag = Tag(rawValue: 0x54_F015)

    /// The version objects are written in: Template objects exist only before 2.0.
    static func version(for type: ObjectType) -> KMIPVersion { type == .template ? .v1_4 : .v2_1 }

    static func encode(_ object: StoredObject) throws -> [UInt8] {
        var children = [
            TTLVItem(tag: .uniqueIdentifier, .textString(object.uniqueIdentifier)),
            TTLVItem(tag: .objectType, .enumeration(object.objectType.rawValue)),
            TTLVItem(tag: ownerTag, .textString(object.owner)),
            TTLVItem(tag: archivedTag, .boolean(object.archived)),
            try object.object.ttlv(version: version(for: object.objectType)),
        ]
        for attribute in object.attributes.list {
            var fields: [TTLVItem] = []
            switch attribute.name {
            case .standard(let tag): fields.append(TTLVItem(tag: attributeTag, .integer(Int32(tag.rawValue))))
            case .vendor(let identification, let name):
                fields.append(TTLVItem(tag: vendorTag, .textString(identification)))
                fields.append(TTLVItem(tag: vendorNameTag, .textString(name)))
            }
            if let index = attribute.index { fields.append(TTLVItem(tag: indexTag, .integer(index))) }
            fields.append(TTLVItem(tag: valueTag, attribute.value))
            children.append(TTLVItem(tag: attributeRecordTag, .structure(fields)))
        }
        return try TTLVEncoder.encode(TTLVItem(tag: recordTag, .structure(children)))
    }

    static func decode(_ bytes: [UInt8]) throws -> StoredObject {
        let item = try TTLVDecoder.decode(bytes)
        guard case .textString(let identifier)? = item[.uniqueIdentifier]?.value, case .enumeration(let rawType)? = item[.objectType]?.value,
              case .textString(let ownerName)? = item[ownerTag]?.value, case .boolean(let isArchived)? = item[archivedTag]?.value
        else { throw KMIPError(.missingField, reason: "a stored object lacks its identifier, type or owner") }
        let type = ObjectType(rawValue: rawType)
        guard let objectItem = item.children.first(where: { $0.tag.rawValue & 0xFF_0000 == 0x42_0000 && $0.tag != .uniqueIdentifier && $0.tag != .objectType }) else {
            throw KMIPError(.missingField, reason: "stored object \(identifier) has no object")
        }
        let managed = try ManagedObject(ttlv: objectItem, version: version(for: type), objectType: type)
        var attributes = Attributes()
        for fields in item.all(attributeRecordTag) {
            let name: Attribute.Name
            if case .integer(let raw)? = fields[attributeTag]?.value {
                name = .standard(Tag(rawValue: UInt32(bitPattern: raw)))
            } else if case .textString(let identification)? = fields[vendorTag]?.value, case .textString(let vendorAttribute)? = fields[vendorNameTag]?.value {
                name = .vendor(identification: identification, name: vendorAttribute)
            } else {
                throw KMIPError(.missingField, reason: "stored object \(identifier) has an attribute without a name")
            }
            guard let valueItem = fields[valueTag] else { throw KMIPError(.missingField, reason: "stored object \(identifier) has an attribute without a value") }
            var index: Int32?
            if case .integer(let number)? = fields[indexTag]?.value { index = number }
            attributes.list.append(Attribute(name, index: index, value: valueItem.value))
        }
        return StoredObject(uniqueIdentifier: identifier, objectType: type, object: managed, attributes: attributes, owner: ownerName, archived: isArchived)
    }
}
