import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

private typealias Tag = KMIPSpec.Tag

@Suite struct GetTests {
    static let key = SymmetricKey(keyBlock: KeyBlock(
        keyFormatType: .raw, keyMaterial: .bytes([UInt8](repeating: 7, count: 32)), cryptographicAlgorithm: .aes, cryptographicLength: 256
    ))

    @Test func requestRoundTripsIn1xAnd2x() throws {
        let request = GetRequest(
            uniqueIdentifier: "key-1", keyFormatType: .raw, keyCompressionType: nil,
            keyWrappingSpecification: KeyWrappingSpecification(wrappingMethod: .encrypt, encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: "kek"))
        )
        for version in [KMIPVersion.v1_0, .v1_3, .v2_0, .v2_1] {
            let item = try request.ttlv(.requestPayload, version: version)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier, .keyFormatType, .keyWrappingSpecification])
            #expect(try GetRequest(ttlv: item, version: version) == request)
        }
        #expect(try GetRequest(ttlv: try GetRequest().ttlv(.requestPayload, version: .v2_1), version: .v2_1) == GetRequest())
    }

    @Test func keyWrapTypeNeeds14() throws {
        let request = GetRequest(uniqueIdentifier: "key-1", keyWrapType: .asRegistered)
        let item = try request.ttlv(.requestPayload, version: .v1_4)
        #expect(item.children.map(\.tag) == [.uniqueIdentifier, .keyWrapType])
        #expect(try GetRequest(ttlv: item, version: .v1_4) == request)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_3) }
    }

    @Test func responseRoundTripsIn1xAnd2x() throws {
        let response = GetResponse(uniqueIdentifier: "key-1", object: .symmetricKey(Self.key))
        #expect(response.objectType == .symmetricKey)
        for version in [KMIPVersion.v1_1, .v2_1] {
            let item = try response.ttlv(.responsePayload, version: version)
            #expect(item.children.map(\.tag) == [.objectType, .uniqueIdentifier, .symmetricKey])
            #expect(try GetResponse(ttlv: item, version: version) == response)
        }
    }

    @Test func decodesAWrappedKeyResponse() throws {
        let item = try TTLVXML.decode(Array("""
            <ResponsePayload>
              <ObjectType type="Enumeration" value="SymmetricKey"/>
              <UniqueIdentifier type="TextString" value="uid-1"/>
              <SymmetricKey>
                <KeyBlock>
                  <KeyFormatType type="Enumeration" value="Raw"/>
                  <KeyValue type="ByteString" value="a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8"/>
                  <CryptographicAlgorithm type="Enumeration" value="AES"/>
                  <CryptographicLength type="Integer" value="128"/>
                  <KeyWrappingData>
                    <WrappingMethod type="Enumeration" value="Encrypt"/>
                    <EncryptionKeyInformation>
                      <UniqueIdentifier type="TextString" value="uid-0"/>
                      <CryptographicParameters>
                        <BlockCipherMode type="Enumeration" value="NISTKeyWrap"/>
                      </CryptographicParameters>
                    </EncryptionKeyInformation>
                  </KeyWrappingData>
                </KeyBlock>
              </SymmetricKey>
            </ResponsePayload>
            """.utf8))
        let response = try GetResponse(ttlv: item, version: .v2_0)
        #expect(response.uniqueIdentifier == "uid-1")
        guard case .symmetricKey(let key) = response.object, case .wrapped(let bytes) = key.keyBlock.keyValue else {
            Issue.record("expected a wrapped symmetric key")
            return
        }
        #expect(bytes.count == 24)
        #expect(key.keyBlock.keyWrappingData?.encryptionKeyInformation?.uniqueIdentifier == "uid-0")
        #expect(try response.ttlv(.responsePayload, version: .v2_0) == item)
    }

    @Test func responseWithoutObjectIsAnError() throws {
        let item = TTLVItem(tag: .responsePayload, .structure([
            TTLVItem(tag: .objectType, .enumeration(ObjectType.symmetricKey.rawValue)),
            TTLVItem(tag: .uniqueIdentifier, .textString("1")),
        ]))
        #expect(throws: KMIPError(.missingField, reason: "")) { try GetResponse(ttlv: item, version: .v2_1) }
    }

    @Test func vendorObjectIsKept() throws {
        let vendorType = ObjectType(rawValue: 0x8000_0001)
        let object = TTLVItem(tag: Tag(rawValue: 0x540100), .structure([TTLVItem(tag: Tag(rawValue: 0x540101), .textString("v"))]))
        let item = TTLVItem(tag: .responsePayload, .structure([
            TTLVItem(tag: .objectType, .enumeration(vendorType.rawValue)),
            TTLVItem(tag: .uniqueIdentifier, .textString("1")),
            object,
        ]))
        let response = try GetResponse(ttlv: item, version: .v2_1)
        #expect(response.object == .unknown(vendorType, object))
        #expect(response.unknown.isEmpty)
        #expect(try response.ttlv(.responsePayload, version: .v2_1) == item)
    }
}
