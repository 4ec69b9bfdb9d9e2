import KMIP
import KMIPSpec
import Testing
import TTLV

/// Discover Versions payloads (KMIP 2.1 section 6.1.16; 1.x 4.26): Protocol Version lists.
@Suite struct DiscoverVersionsTests {
    @Test func requestRoundTrips() throws {
        let request = DiscoverVersionsRequest(protocolVersions: [.v2_1, .v2_0, .v1_4])
        for version in [KMIPVersion.v1_1, .v2_1] {
            let item = try LifecycleCheck.roundTrip(request, version)
            #expect(item.children.map(\.tag) == [.protocolVersion, .protocolVersion, .protocolVersion])
            #expect(item.children.first?[.protocolVersionMinor]?.value == .integer(1))
        }
        #expect(try LifecycleCheck.roundTrip(DiscoverVersionsRequest(), .v1_1).children.isEmpty)
    }

    @Test func responseRoundTrips() throws {
        let response = DiscoverVersionsResponse(protocolVersions: [.v1_2, .v1_1])
        for version in [KMIPVersion.v1_2, .v2_0] {
            let item = try LifecycleCheck.roundTrip(response, version, tag: .responsePayload)
            #expect(item.children.count == 2)
        }
    }

    @Test func decodesResponse() throws {
        let response = try LifecycleCheck.decode(
            """
            <ResponsePayload>
              <ProtocolVersion>
                <ProtocolVersionMajor type="Integer" value="2"/>
                <ProtocolVersionMinor type="Integer" value="0"/>
              </ProtocolVersion>
              <ProtocolVersion>
                <ProtocolVersionMajor type="Integer" value="1"/>
                <ProtocolVersionMinor type="Integer" value="4"/>
              </ProtocolVersion>
            </ResponsePayload>
            """, as: DiscoverVersionsResponse.self, .v2_0)
        #expect(response.protocolVersions == [.v2_0, .v1_4])
    }
}
