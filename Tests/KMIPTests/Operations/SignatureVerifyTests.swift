import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct SignatureVerifyTests {
    @Test func requestRoundTripsIn1_3Shape() throws {
        let request = SignatureVerifyRequest(
            uniqueIdentifier: "pub-1", cryptographicParameters: CryptographicParameters(paddingMethod: .pss, hashingAlgorithm: .sha_256),
            data: T.secret, signatureData: T.secret, correlationValue: [1], initIndicator: true
        )
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .cryptographicParameters, .data, .signatureData, .correlationValue, .initIndicator])
    }

    @Test func requestRoundTripsIn2_1ShapeWithDigestedData() throws {
        let request = SignatureVerifyRequest(uniqueIdentifier: "pub-1", digestedData: [1], signatureData: [2], finalIndicator: true)
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .digestedData, .signatureData, .finalIndicator])
    }

    @Test func responseRoundTrips() throws {
        let v12 = SignatureVerifyResponse(uniqueIdentifier: "pub-1", validityIndicator: .valid, data: T.secret)
        let (decoded12, item12) = try T.roundTrip(v12, .v1_2, tag: .responsePayload)
        #expect(decoded12 == v12)
        #expect(T.tags(item12) == [.uniqueIdentifier, .validityIndicator, .data])
        let v21 = SignatureVerifyResponse(uniqueIdentifier: "pub-1", correlationValue: [3])
        #expect(try T.roundTrip(v21, .v2_1, tag: .responsePayload).decoded == v21)
    }

    @Test func decodesAVector() throws {
        let request = try SignatureVerifyRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="pub-1"/>
              <CryptographicParameters>
                <PaddingMethod type="Enumeration" value="PKCS1V1_5"/>
                <HashingAlgorithm type="Enumeration" value="SHA_256"/>
                <CryptographicAlgorithm type="Enumeration" value="RSA"/>
              </CryptographicParameters>
              <Data type="ByteString" value="0102"/>
              <SignatureData type="ByteString" value="0304"/>
            </RequestPayload>
            """), version: .v2_0)
        #expect(request.cryptographicParameters?.cryptographicAlgorithm == .rsa)
        #expect(request.cryptographicParameters?.hashingAlgorithm == .sha_256)
        #expect(request.data == [1, 2])
        #expect(request.signatureData == [3, 4])
        let response = try SignatureVerifyResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="pub-1"/>
              <ValidityIndicator type="Enumeration" value="Invalid"/>
            </ResponsePayload>
            """), version: .v2_0)
        #expect(response == SignatureVerifyResponse(uniqueIdentifier: "pub-1", validityIndicator: .invalid))
    }

    @Test func laterFieldsAreGatedByVersion() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try SignatureVerifyRequest(uniqueIdentifier: "k", digestedData: [1], signatureData: [2]).ttlv(.requestPayload, version: .v1_3)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try SignatureVerifyResponse(uniqueIdentifier: "k", correlationValue: [1]).ttlv(.responsePayload, version: .v1_2)
        }
    }

    @Test func descriptionsHideData() {
        let request = SignatureVerifyRequest(uniqueIdentifier: "k", data: T.secret, signatureData: T.secret)
        #expect(T.hidesSecret(request.description))
        let response = SignatureVerifyResponse(uniqueIdentifier: "k", validityIndicator: .valid, data: T.secret)
        #expect(T.hidesSecret(response.description))
        #expect(response.description.contains("Valid"))
    }
}
