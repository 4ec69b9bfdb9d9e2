import KMIP
public import KMIPSpec

extension KMIPClient {
    /// Discover Versions: the versions the server supports of those offered (all it supports
    /// when `offered` is empty), highest first.
    ///
    /// - Parameter headerVersion: the version of the request's own header (Discover Versions
    ///   exists from KMIP 1.1).
    public func discoverVersions(_ offered: [KMIPVersion] = [], headerVersion: KMIPVersion = .v1_1) async throws -> [KMIPVersion] {
        let response = try await perform(DiscoverVersionsRequest(protocolVersions: offered), expecting: DiscoverVersionsResponse.self, version: headerVersion)
        return response.protocolVersions
    }
}
