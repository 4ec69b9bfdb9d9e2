import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct CheckTests {
    @Test func requestRoundTripsIn1xShape() throws {
        let request = CheckRequest(uniqueIdentifier: "key-1", usageLimitsCount: 500, cryptographicUsageMask: [.encrypt, .decrypt], leaseTime: Interval(seconds: 3600))
        let (decoded, item) = try T.roundTrip(request, .v1_0)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .usageLimitsCount, .cryptographicUsageMask, .leaseTime])
        #expect(item[.usageLimitsCount]?.value == .longInteger(500))
    }

    @Test func requestRoundTripsIn2xShape() throws {
        let request = CheckRequest(cryptographicUsageMask: .encrypt)
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.cryptographicUsageMask])
    }

    @Test func failedCheckResponseOmitsTheIdentifier() throws {
        let refused = CheckResponse(leaseTime: Interval(seconds: 7200))
        let (decoded, item) = try T.roundTrip(refused, .v1_4, tag: .responsePayload)
        #expect(decoded == refused)
        #expect(T.tags(item) == [.leaseTime])
        let allowed = CheckResponse(uniqueIdentifier: "key-1")
        #expect(try T.roundTrip(allowed, .v2_0, tag: .responsePayload).decoded == allowed)
    }

    @Test func decodesAVectorRequest() throws {
        let request = try CheckRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <CryptographicUsageMask type="Integer" value="Encrypt"/>
            </RequestPayload>
            """), version: .v2_1)
        #expect(request == CheckRequest(uniqueIdentifier: "1", cryptographicUsageMask: .encrypt))
    }
}
