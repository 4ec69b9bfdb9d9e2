import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct EncryptTests {
    @Test func requestRoundTripsIn1_2Shape() throws {
        let request = EncryptRequest(
            uniqueIdentifier: "key-1", cryptographicParameters: CryptographicParameters(blockCipherMode: .cbc, paddingMethod: .pkcs5),
            data: T.secret, ivCounterNonce: [1, 2, 3, 4]
        )
        let (decoded, item) = try T.roundTrip(request, .v1_2)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .cryptographicParameters, .data, .ivCounterNonce])
    }

    @Test func requestRoundTripsIn2_1ShapeWithEveryField() throws {
        let request = EncryptRequest(
            uniqueIdentifier: "key-1", cryptographicParameters: CryptographicParameters(blockCipherMode: .gcm, tagLength: 16),
            data: T.secret, ivCounterNonce: [1, 2], correlationValue: [9], initIndicator: true, finalIndicator: false,
            authenticatedEncryptionAdditionalData: [7, 7]
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [
            .uniqueIdentifier, .cryptographicParameters, .data, .ivCounterNonce, .correlationValue, .initIndicator,
            .finalIndicator, .authenticatedEncryptionAdditionalData,
        ])
    }

    @Test func responseRoundTrips() throws {
        let v13 = EncryptResponse(uniqueIdentifier: "key-1", data: T.secret, ivCounterNonce: [1], correlationValue: [2])
        #expect(try T.roundTrip(v13, .v1_3, tag: .responsePayload).decoded == v13)
        let v21 = EncryptResponse(uniqueIdentifier: "key-1", data: T.secret, authenticatedEncryptionTag: [3, 3])
        let (decoded, item) = try T.roundTrip(v21, .v2_1, tag: .responsePayload)
        #expect(decoded == v21)
        #expect(T.tags(item) == [.uniqueIdentifier, .data, .authenticatedEncryptionTag])
    }

    @Test func decodesAnAEADVector() throws {
        let request = try EncryptRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <CryptographicParameters>
                <BlockCipherMode type="Enumeration" value="GCM"/>
                <TagLength type="Integer" value="16"/>
              </CryptographicParameters>
              <Data type="ByteString" value="d9313225f88406e5"/>
              <IVCounterNonce type="ByteString" value="cafebabefacedbad"/>
              <InitIndicator type="Boolean" value="true"/>
              <AuthenticatedEncryptionAdditionalData type="ByteString" value="feedface"/>
            </RequestPayload>
            """), version: .v2_1)
        #expect(request.uniqueIdentifier == "1")
        #expect(request.cryptographicParameters?.blockCipherMode == .gcm)
        #expect(request.cryptographicParameters?.tagLength == 16)
        #expect(request.data == [0xD9, 0x31, 0x32, 0x25, 0xF8, 0x84, 0x06, 0xE5])
        #expect(request.ivCounterNonce?.count == 8)
        #expect(request.initIndicator == true)
        #expect(request.finalIndicator == nil)
        #expect(request.authenticatedEncryptionAdditionalData == [0xFE, 0xED, 0xFA, 0xCE])
        #expect(request.unknown.isEmpty)

        let response = try EncryptResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <Data type="ByteString" value="73806900"/>
              <AuthenticatedEncryptionTag type="ByteString" value="3612d2e7"/>
            </ResponsePayload>
            """), version: .v2_1)
        #expect(response == EncryptResponse(uniqueIdentifier: "1", data: [0x73, 0x80, 0x69, 0x00], authenticatedEncryptionTag: [0x36, 0x12, 0xD2, 0xE7]))
    }

    @Test func responseRequiresUniqueIdentifier() throws {
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try EncryptResponse(ttlv: TTLVItem(tag: .responsePayload, .structure([TTLVItem(tag: .data, .byteString([1]))])), version: .v2_1)
        }
    }

    @Test func laterFieldsAreGatedByVersion() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try EncryptRequest(uniqueIdentifier: "k", data: [1], correlationValue: [2]).ttlv(.requestPayload, version: .v1_2)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try EncryptRequest(uniqueIdentifier: "k", data: [1], authenticatedEncryptionAdditionalData: [2]).ttlv(.requestPayload, version: .v1_3)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try EncryptResponse(uniqueIdentifier: "k", authenticatedEncryptionTag: [2]).ttlv(.responsePayload, version: .v1_3)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try EncryptRequest(uniqueIdentifier: "k").ttlv(.requestPayload, version: .v1_1)
        }
    }

    @Test func descriptionsHideData() {
        let request = EncryptRequest(uniqueIdentifier: "key-1", data: T.secret, ivCounterNonce: T.secret, authenticatedEncryptionAdditionalData: T.secret)
        #expect(T.hidesSecret(request.description))
        #expect(T.hidesSecret(String(reflecting: request)))
        #expect(request.description.contains("data: 16 bytes"))
        #expect(request.description.contains("key-1"))
        #expect(T.hidesSecret("\(EncryptResponse(uniqueIdentifier: "k", data: T.secret, authenticatedEncryptionTag: T.secret))"))
    }
}
