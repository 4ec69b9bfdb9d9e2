import KMIP
public import KMIPSpec
import TTLV

extension KMIPClient {
    /// Discover Versions: the versions the server supports of those offered (all it supports
    /// when `offered` is empty), highest first.
    ///
    /// - Parameter headerVersion: the version of the request's own header (Discover Versions
    ///   exists from KMIP 1.1).
    public func discoverVersions(_ offered: [KMIPVersion] = [], headerVersion: KMIPVersion = .v1_1) async throws -> [KMIPVersion] {
        let payload = TTLVItem(tag: .requestPayload, .structure(offered.map { $0.ttlv(.protocolVersion, version: headerVersion) }))
        let request = RequestMessage(version: headerVersion, [UntypedRequest(operation: .discoverVersions, item: payload)])
        let response = try await send(request)
        let item = try Self.checked(response, index: 0, operation: .discoverVersions)
        guard let answer = item.payload else { return [] }
        let raw: TTLVItem
        do {
            raw = try answer.ttlv(.responsePayload, version: response.version)
        } catch {
            throw KMIPClientError(.protocolError, operation: .discoverVersions, message: "\(error)")
        }
        var versions: [KMIPVersion] = []
        for child in raw.all(.protocolVersion) {
            do {
                versions.append(try KMIPVersion(ttlv: child, version: response.version))
            } catch {
                throw KMIPClientError(.protocolError, operation: .discoverVersions, message: "unreadable Protocol Version: \(error)")
            }
        }
        return versions
    }
}
