import KMIP
import KMIPSpec
import Testing
import TTLV

/// Log payloads (KMIP 2.1 section 6.1.29): defined from KMIP 2.0 on.
@Suite struct LogTests {
    @Test func roundTrips() throws {
        for version in [KMIPVersion.v2_0, .v2_1] {
            let request = try LifecycleCheck.roundTrip(LogRequest(logMessage: "Registered a symmetric key."), version)
            #expect(request.children == [TTLVItem(tag: .logMessage, .textString("Registered a symmetric key."))])
            #expect(try LifecycleCheck.roundTrip(LogResponse(), version, tag: .responsePayload).children.isEmpty)
        }
    }

    @Test func decodesTestCasePayload() throws {
        let request = try LifecycleCheck.decode(
            #"<RequestPayload><LogMessage type="TextString" value="Registered a symmetric key."/></RequestPayload>"#,
            as: LogRequest.self, .v2_1)
        #expect(request.logMessage == "Registered a symmetric key.")
    }

    @Test func not1x() throws {
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try LogRequest(logMessage: "x").ttlv(.requestPayload, version: .v1_3) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try LogResponse().ttlv(.responsePayload, version: .v1_0) }
    }
}
