import KMIP
import KMIPSpec
import Testing
import TTLV

/// Revoke payloads (KMIP 2.1 section 6.1.44; 1.x 4.20) and the Revocation Reason structure.
@Suite struct RevokeTests {
    @Test func requestRoundTripsIn1xAnd2x() throws {
        let request = RevokeRequest(
            uniqueIdentifier: "key-1", revocationReason: RevocationReason(.keyCompromise, message: "Laptop stolen"),
            compromiseOccurrenceDate: DateTime(secondsSince1970: 949_413_600))
        for version in [KMIPVersion.v1_0, .v1_4, .v2_0, .v2_1] {
            let item = try LifecycleCheck.roundTrip(request, version)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier, .revocationReason, .compromiseOccurrenceDate])
            #expect(item[.revocationReason]?.children.map(\.tag) == [.revocationReasonCode, .revocationMessage])
        }
    }

    @Test func minimalRequest() throws {
        let item = try LifecycleCheck.roundTrip(RevokeRequest(revocationReason: RevocationReason(.cessationOfOperation)), .v1_2)
        #expect(item.children.map(\.tag) == [.revocationReason])
        #expect(item[.revocationReason]?.children.map(\.tag) == [.revocationReasonCode])
    }

    @Test func decodesTestCaseRequest() throws {
        let request = try LifecycleCheck.decode(
            """
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="b4faee10-aa2a-4446-8ad4-0881f3422959"/>
              <RevocationReason>
                <RevocationReasonCode type="Enumeration" value="KeyCompromise"/>
                <RevocationMessage type="TextString" value="Security Breach..."/>
              </RevocationReason>
              <CompromiseOccurrenceDate type="DateTime" value="2000-02-02T00:00:00+10:00"/>
            </RequestPayload>
            """, as: RevokeRequest.self, .v2_1)
        #expect(request.uniqueIdentifier == "b4faee10-aa2a-4446-8ad4-0881f3422959")
        #expect(request.revocationReason == RevocationReason(.keyCompromise, message: "Security Breach..."))
        #expect(request.compromiseOccurrenceDate == DateTime(secondsSince1970: 949_413_600))
    }

    @Test func requestRequiresAReason() throws {
        let item = TTLVItem(tag: .requestPayload, .structure([TTLVItem(tag: .uniqueIdentifier, .textString("key-1"))]))
        #expect(throws: KMIPError(.missingField, reason: "")) { try RevokeRequest(ttlv: item, version: .v2_1) }
    }

    @Test func responseRoundTrips() throws {
        for version in [KMIPVersion.v1_3, .v2_1] {
            let item = try LifecycleCheck.roundTrip(RevokeResponse(uniqueIdentifier: "key-1"), version, tag: .responsePayload)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier])
        }
    }
}
