import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct MACVerifyTests {
    @Test func requestRoundTripsIn1_2Shape() throws {
        let request = MACVerifyRequest(uniqueIdentifier: "mac-key", data: T.secret, macData: T.secret)
        let (decoded, item) = try T.roundTrip(request, .v1_2)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .data, .macData])
    }

    @Test func requestRoundTripsIn2_0MultiPartShape() throws {
        let request = MACVerifyRequest(
            uniqueIdentifier: "mac-key", cryptographicParameters: CryptographicParameters(cryptographicAlgorithm: .hmac_SHA256),
            data: T.secret, correlationValue: [1], initIndicator: true
        )
        let (decoded, item) = try T.roundTrip(request, .v2_0)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .cryptographicParameters, .data, .correlationValue, .initIndicator])
    }

    @Test func responseRoundTrips() throws {
        let v14 = MACVerifyResponse(uniqueIdentifier: "mac-key", validityIndicator: .invalid)
        let (decoded, item) = try T.roundTrip(v14, .v1_4, tag: .responsePayload)
        #expect(decoded == v14)
        #expect(T.tags(item) == [.uniqueIdentifier, .validityIndicator])
        let v21 = MACVerifyResponse(uniqueIdentifier: "mac-key", correlationValue: [1])
        #expect(try T.roundTrip(v21, .v2_1, tag: .responsePayload).decoded == v21)
    }

    @Test func decodesAVector() throws {
        let request = try MACVerifyRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="mac-key"/>
              <Data type="ByteString" value="0102"/>
              <MACData type="ByteString" value="0304"/>
            </RequestPayload>
            """), version: .v1_3)
        #expect(request == MACVerifyRequest(uniqueIdentifier: "mac-key", data: [1, 2], macData: [3, 4]))
        let response = try MACVerifyResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="mac-key"/>
              <ValidityIndicator type="Enumeration" value="Valid"/>
            </ResponsePayload>
            """), version: .v1_3)
        #expect(response.validityIndicator == .valid)
    }

    @Test func multiPartFieldsNeed1_3() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try MACVerifyRequest(uniqueIdentifier: "k", macData: [1], finalIndicator: true).ttlv(.requestPayload, version: .v1_2)
        }
    }

    @Test func descriptionsHideData() {
        #expect(T.hidesSecret(MACVerifyRequest(uniqueIdentifier: "k", data: T.secret, macData: T.secret).description))
    }
}
