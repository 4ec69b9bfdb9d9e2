public import KMIPSpec
public import TTLV

/// Discover Versions (KMIP 2.1 section 6.1.16; 1.x 4.26): the client lists the protocol
/// versions it supports, best first; an empty list asks for all the server's versions.
public struct DiscoverVersionsRequest: RequestPayload {
    public static let operation = Operation.discoverVersions

    /// The client's versions in decreasing order of preference.
    public var protocolVersions: [KMIPVersion]
    public var unknown: [TTLVItem] = []

    public init(protocolVersions: [KMIPVersion] = []) {
        self.protocolVersions = protocolVersions
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        protocolVersions = try reader.repeated(.protocolVersion)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.protocolVersion, protocolVersions)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Discover Versions: the versions both sides support (all of the server's
/// when the request listed none), best first; empty when none is shared.
public struct DiscoverVersionsResponse: ResponsePayload {
    public static let operation = Operation.discoverVersions

    /// The server's versions in decreasing order of preference.
    public var protocolVersions: [KMIPVersion]
    public var unknown: [TTLVItem] = []

    public init(protocolVersions: [KMIPVersion] = []) {
        self.protocolVersions = protocolVersions
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        protocolVersions = try reader.repeated(.protocolVersion)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.protocolVersion, protocolVersions)
        builder.append(unknown)
        return builder.build(tag)
    }
}
