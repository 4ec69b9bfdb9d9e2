import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct DecryptTests {
    @Test func requestRoundTripsIn1_3Shape() throws {
        let request = DecryptRequest(uniqueIdentifier: "key-1", data: T.secret, ivCounterNonce: [1], correlationValue: [2], finalIndicator: true)
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .data, .ivCounterNonce, .correlationValue, .finalIndicator])
    }

    @Test func requestRoundTripsIn2_0ShapeWithAEAD() throws {
        let request = DecryptRequest(
            uniqueIdentifier: "key-1", cryptographicParameters: CryptographicParameters(blockCipherMode: .aead, tagLength: 16),
            data: T.secret, ivCounterNonce: [1], authenticatedEncryptionAdditionalData: [2], authenticatedEncryptionTag: [3]
        )
        let (decoded, item) = try T.roundTrip(request, .v2_0)
        #expect(decoded == request)
        #expect(T.tags(item) == [
            .uniqueIdentifier, .cryptographicParameters, .data, .ivCounterNonce, .authenticatedEncryptionAdditionalData,
            .authenticatedEncryptionTag,
        ])
    }

    @Test func responseRoundTrips() throws {
        let v12 = DecryptResponse(uniqueIdentifier: "key-1", data: T.secret)
        #expect(try T.roundTrip(v12, .v1_2, tag: .responsePayload).decoded == v12)
        let v21 = DecryptResponse(uniqueIdentifier: "key-1", correlationValue: [4])
        let (decoded, item) = try T.roundTrip(v21, .v2_1, tag: .responsePayload)
        #expect(decoded == v21)
        #expect(T.tags(item) == [.uniqueIdentifier, .correlationValue])
    }

    @Test func decodesAnAEADVector() throws {
        let request = try DecryptRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <CryptographicParameters>
                <BlockCipherMode type="Enumeration" value="AEAD"/>
                <TagLength type="Integer" value="16"/>
              </CryptographicParameters>
              <Data type="ByteString" value="d31a8d34"/>
              <IVCounterNonce type="ByteString" value="070000004041424344454647"/>
              <AuthenticatedEncryptionAdditionalData type="ByteString" value="50515253"/>
              <AuthenticatedEncryptionTag type="ByteString" value="1ae10b59"/>
            </RequestPayload>
            """), version: .v2_1)
        #expect(request.cryptographicParameters?.blockCipherMode == .aead)
        #expect(request.data == [0xD3, 0x1A, 0x8D, 0x34])
        #expect(request.ivCounterNonce?.count == 12)
        #expect(request.authenticatedEncryptionAdditionalData == [0x50, 0x51, 0x52, 0x53])
        #expect(request.authenticatedEncryptionTag == [0x1A, 0xE1, 0x0B, 0x59])
        #expect(request.unknown.isEmpty)
    }

    @Test func laterFieldsAreGatedByVersion() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try DecryptRequest(uniqueIdentifier: "k", data: [1], authenticatedEncryptionTag: [2]).ttlv(.requestPayload, version: .v1_3)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try DecryptRequest(uniqueIdentifier: "k", initIndicator: true).ttlv(.requestPayload, version: .v1_2)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try DecryptResponse(uniqueIdentifier: "k", correlationValue: [1]).ttlv(.responsePayload, version: .v1_2)
        }
    }

    @Test func descriptionsHideData() {
        let request = DecryptRequest(uniqueIdentifier: "k", data: T.secret, authenticatedEncryptionTag: T.secret)
        #expect(T.hidesSecret(request.description))
        #expect(T.hidesSecret(DecryptResponse(uniqueIdentifier: "k", data: T.secret).description))
    }
}
