public import KMIPSpec
public import TTLV

/// Locate (KMIP 2.1 section 6.1.28; 1.x 4.9): the server searches for managed objects whose
/// attributes match.
///
/// KMIP 1.x lists the attributes to match as Attribute structures; 2.x holds them in a
/// required (possibly empty) Attributes structure. Object Group Member arrived in 1.1, Offset
/// Items and the response's Located Items in 1.3.
public struct LocateRequest: RequestPayload {
    public static let operation = Operation.locate

    /// The most identifiers to return.
    public var maximumItems: Int32?
    /// KMIP 1.3 and later: how many matching identifiers to skip.
    public var offsetItems: Int32?
    /// Which storage to search (on-line, archived, destroyed); on-line only when absent.
    public var storageStatusMask: StorageStatusMask?
    /// KMIP 1.1 and later: fresh or default member of the Object Group being matched.
    public var objectGroupMember: ObjectGroupMember?
    /// The attributes to match; none matches every object.
    public var attributes: Attributes
    public var unknown: [TTLVItem] = []

    public init(
        maximumItems: Int32? = nil, offsetItems: Int32? = nil, storageStatusMask: StorageStatusMask? = nil,
        objectGroupMember: ObjectGroupMember? = nil, attributes: Attributes = []
    ) {
        self.maximumItems = maximumItems
        self.offsetItems = offsetItems
        self.storageStatusMask = storageStatusMask
        self.objectGroupMember = objectGroupMember
        self.attributes = attributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        maximumItems = try reader.optional(.maximumItems)
        offsetItems = try reader.optional(.offsetItems)
        storageStatusMask = try reader.optional(.storageStatusMask)
        objectGroupMember = try reader.optional(.objectGroupMember)
        // 2.x requires Attributes, but PyKMIP leaves it out when empty: read that as no filter.
        attributes = try reader.optionalAttributeList() ?? []
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.maximumItems, maximumItems)
        try builder.add(.offsetItems, offsetItems)
        try builder.add(.storageStatusMask, storageStatusMask)
        try builder.add(.objectGroupMember, objectGroupMember)
        try builder.add(attributeList: attributes)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Locate: the identifiers of the matching objects, newest first.
public struct LocateResponse: ResponsePayload {
    public static let operation = Operation.locate

    /// KMIP 1.3 and later: how many objects matched in all, when the server tells.
    public var locatedItems: Int32?
    public var uniqueIdentifiers: [String]
    public var unknown: [TTLVItem] = []

    public init(locatedItems: Int32? = nil, uniqueIdentifiers: [String] = []) {
        self.locatedItems = locatedItems
        self.uniqueIdentifiers = uniqueIdentifiers
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        locatedItems = try reader.optional(.locatedItems)
        uniqueIdentifiers = try reader.repeated(.uniqueIdentifier)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.locatedItems, locatedItems)
        try builder.add(.uniqueIdentifier, uniqueIdentifiers)
        builder.append(unknown)
        return builder.build(tag)
    }
}
