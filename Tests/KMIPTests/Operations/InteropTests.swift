import KMIP
import KMIPSpec
import Testing
import TTLV

/// Interop payloads (KMIP 2.1 section 6.1.26): defined from KMIP 2.0 on.
@Suite struct InteropTests {
    @Test func roundTrips() throws {
        for version in [KMIPVersion.v2_0, .v2_1] {
            let request = try LifecycleCheck.roundTrip(InteropRequest(interopFunction: .begin, interopIdentifier: "BL-M-10-21"), version)
            #expect(request.children.map(\.tag) == [.interopFunction, .interopIdentifier])
            let response = try LifecycleCheck.roundTrip(InteropResponse(), version, tag: .responsePayload)
            #expect(response.children.isEmpty)
        }
    }

    @Test func decodesTestCasePayloads() throws {
        let request = try LifecycleCheck.decode(
            """
            <RequestPayload>
              <InteropFunction type="Enumeration" value="End"/>
              <InteropIdentifier type="TextString" value="BL-M-10-21"/>
            </RequestPayload>
            """, as: InteropRequest.self, .v2_1)
        #expect(request == InteropRequest(interopFunction: .end, interopIdentifier: "BL-M-10-21"))
        #expect(try LifecycleCheck.decode("<ResponsePayload/>", as: InteropResponse.self, .v2_1) == InteropResponse())
    }

    @Test func not1x() throws {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try InteropRequest(interopFunction: .reset, interopIdentifier: "x").ttlv(.requestPayload, version: .v1_4)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try InteropResponse().ttlv(.responsePayload, version: .v1_4) }
    }
}
