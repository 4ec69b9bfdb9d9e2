import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct SignTests {
    @Test func requestRoundTripsIn1_2Shape() throws {
        let request = SignRequest(
            uniqueIdentifier: "key-1",
            cryptographicParameters: CryptographicParameters(digitalSignatureAlgorithm: .ecdsaWithSHA256),
            data: T.secret
        )
        let (decoded, item) = try T.roundTrip(request, .v1_2)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .cryptographicParameters, .data])
    }

    @Test func requestRoundTripsIn2_1ShapeWithDigestedData() throws {
        let request = SignRequest(
            uniqueIdentifier: "key-1",
            cryptographicParameters: CryptographicParameters(hashingAlgorithm: .sha_256, cryptographicAlgorithm: .ecdsa),
            digestedData: T.secret, correlationValue: [1], initIndicator: true, finalIndicator: true
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .cryptographicParameters, .digestedData, .correlationValue, .initIndicator, .finalIndicator])
    }

    @Test func responseRoundTrips() throws {
        let v13 = SignResponse(uniqueIdentifier: "key-1", signatureData: T.secret)
        #expect(try T.roundTrip(v13, .v1_3, tag: .responsePayload).decoded == v13)
        let v20 = SignResponse(uniqueIdentifier: "key-1", correlationValue: [1])
        let (decoded, item) = try T.roundTrip(v20, .v2_0, tag: .responsePayload)
        #expect(decoded == v20)
        #expect(T.tags(item) == [.uniqueIdentifier, .correlationValue])
    }

    @Test func decodesAVector() throws {
        let request = try SignRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="priv-1"/>
              <Data type="ByteString" value="01020304"/>
            </RequestPayload>
            """), version: .v1_3)
        #expect(request == SignRequest(uniqueIdentifier: "priv-1", data: [1, 2, 3, 4]))
        let response = try SignResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="priv-1"/>
              <SignatureData type="ByteString" value="0a0b"/>
            </ResponsePayload>
            """), version: .v1_3)
        #expect(response == SignResponse(uniqueIdentifier: "priv-1", signatureData: [0x0A, 0x0B]))
    }

    @Test func digestedDataNeeds1_4() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try SignRequest(uniqueIdentifier: "k", digestedData: [1]).ttlv(.requestPayload, version: .v1_3)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try SignResponse(uniqueIdentifier: "k", correlationValue: [1]).ttlv(.responsePayload, version: .v1_2)
        }
    }

    @Test func descriptionsHideData() {
        #expect(T.hidesSecret(SignRequest(uniqueIdentifier: "k", data: T.secret, digestedData: T.secret).description))
        #expect(T.hidesSecret(SignResponse(uniqueIdentifier: "k", signatureData: T.secret).description))
    }
}
