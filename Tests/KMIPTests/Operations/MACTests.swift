import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct MACTests {
    @Test func requestRoundTripsIn1_2Shape() throws {
        let request = MACRequest(uniqueIdentifier: "mac-key", cryptographicParameters: CryptographicParameters(cryptographicAlgorithm: .hmac_SHA256), data: T.secret)
        let (decoded, item) = try T.roundTrip(request, .v1_2)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .cryptographicParameters, .data])
    }

    @Test func requestRoundTripsIn2_1MultiPartShape() throws {
        let request = MACRequest(uniqueIdentifier: "mac-key", data: T.secret, correlationValue: [1], initIndicator: false, finalIndicator: true)
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .data, .correlationValue, .initIndicator, .finalIndicator])
    }

    @Test func responseRoundTrips() throws {
        let v13 = MACResponse(uniqueIdentifier: "mac-key", macData: T.secret)
        #expect(try T.roundTrip(v13, .v1_3, tag: .responsePayload).decoded == v13)
        let v21 = MACResponse(uniqueIdentifier: "mac-key", correlationValue: [2])
        let (decoded, item) = try T.roundTrip(v21, .v2_1, tag: .responsePayload)
        #expect(decoded == v21)
        #expect(T.tags(item) == [.uniqueIdentifier, .correlationValue])
    }

    @Test func decodesAVector() throws {
        let response = try MACResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="mac-key"/>
              <MACData type="ByteString" value="a1b2"/>
            </ResponsePayload>
            """), version: .v2_1)
        #expect(response == MACResponse(uniqueIdentifier: "mac-key", macData: [0xA1, 0xB2]))
    }

    @Test func multiPartFieldsNeed1_3() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try MACRequest(uniqueIdentifier: "k", data: [1], initIndicator: true).ttlv(.requestPayload, version: .v1_2)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try MACResponse(uniqueIdentifier: "k", macData: [1]).ttlv(.responsePayload, version: .v1_1)
        }
    }

    @Test func descriptionsHideData() {
        #expect(T.hidesSecret(MACRequest(uniqueIdentifier: "k", data: T.secret).description))
        #expect(T.hidesSecret(MACResponse(uniqueIdentifier: "k", macData: T.secret).description))
    }
}
