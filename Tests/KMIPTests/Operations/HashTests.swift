import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct HashTests {
    @Test func requestRoundTripsIn1_2Shape() throws {
        let request = HashRequest(.sha_256, data: T.secret)
        let (decoded, item) = try T.roundTrip(request, .v1_2)
        #expect(decoded == request)
        #expect(T.tags(item) == [.cryptographicParameters, .data])
        #expect(item[.cryptographicParameters]?[.hashingAlgorithm]?.value == .enumeration(HashingAlgorithm.sha_256.rawValue))
    }

    @Test func requestRoundTripsIn2_1MultiPartShape() throws {
        let request = HashRequest(
            cryptographicParameters: CryptographicParameters(hashingAlgorithm: .sha_512), data: T.secret, correlationValue: [1],
            initIndicator: false, finalIndicator: true
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.cryptographicParameters, .data, .correlationValue, .initIndicator, .finalIndicator])
    }

    @Test func responseRoundTrips() throws {
        let v13 = HashResponse(data: T.secret)
        let (decoded, item) = try T.roundTrip(v13, .v1_3, tag: .responsePayload)
        #expect(decoded == v13)
        #expect(T.tags(item) == [.data])
        let v21 = HashResponse(correlationValue: [1])
        #expect(try T.roundTrip(v21, .v2_1, tag: .responsePayload).decoded == v21)
    }

    @Test func decodesAVector() throws {
        let request = try HashRequest(ttlv: T.item("""
            <RequestPayload>
              <CryptographicParameters>
                <HashingAlgorithm type="Enumeration" value="SHA_256"/>
              </CryptographicParameters>
              <Data type="ByteString" value="01020304"/>
            </RequestPayload>
            """), version: .v2_1)
        #expect(request == HashRequest(.sha_256, data: [1, 2, 3, 4]))
    }

    @Test func cryptographicParametersAreRequired() {
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try HashRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([TTLVItem(tag: .data, .byteString([1]))])), version: .v2_1)
        }
    }

    @Test func operationAndMultiPartFieldsAreGatedByVersion() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try HashRequest(.sha_256, data: [1]).ttlv(.requestPayload, version: .v1_1)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try HashResponse(data: [1], correlationValue: [2]).ttlv(.responsePayload, version: .v1_2)
        }
    }

    @Test func descriptionsHideData() {
        let request = HashRequest(.sha_256, data: T.secret)
        #expect(T.hidesSecret(request.description))
        #expect(request.description.contains("SHA_256"))
        #expect(T.hidesSecret(HashResponse(data: T.secret).description))
    }
}
