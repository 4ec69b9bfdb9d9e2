import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

private typealias Tag = KMIPSpec.Tag

private func xmlItem(_ text: String) throws -> TTLVItem {
    try TTLVXML.decode(Array(text.utf8))
}

@Suite struct KeyBlockTests {
    static let aesKey = [UInt8](repeating: 0xA5, count: 32)

    @Test func rawKeyBlockRoundTripsInBothVersions() throws {
        let block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(Self.aesKey), cryptographicAlgorithm: .aes, cryptographicLength: 256)
        for version in [KMIPVersion.v1_0, .v1_4, .v2_0, .v2_1] {
            let item = try block.ttlv(.keyBlock, version: version)
            #expect(item.children.map(\.tag) == [.keyFormatType, .keyValue, .cryptographicAlgorithm, .cryptographicLength])
            #expect(item[.keyValue]?[.keyMaterial]?.value == .byteString(Self.aesKey))
            #expect(try KeyBlock(ttlv: item, version: version) == block)
        }
        #expect(block.keyMaterial == .bytes(Self.aesKey))
    }

    @Test func keyValueAttributesAreItemsIn1xAndAStructureIn2x() throws {
        let attributes: Attributes = [try Attribute(.cryptographicUsageMask, CryptographicUsageMask([.encrypt, .decrypt]))]
        let block = KeyBlock(
            keyFormatType: .raw, keyValue: .plaintext(KeyValue(keyMaterial: .bytes(Self.aesKey), attributes: attributes)),
            cryptographicAlgorithm: .aes, cryptographicLength: 256
        )
        let v1 = try block.ttlv(.keyBlock, version: .v1_2)
        #expect(v1[.keyValue]?.children.map(\.tag) == [.keyMaterial, .attribute])
        #expect(v1[.keyValue]?[.attribute]?[.attributeName]?.value == .textString("Cryptographic Usage Mask"))
        #expect(try KeyBlock(ttlv: v1, version: .v1_2) == block)

        let v2 = try block.ttlv(.keyBlock, version: .v2_1)
        #expect(v2[.keyValue]?.children.map(\.tag) == [.keyMaterial, .attributes])
        #expect(v2[.keyValue]?[.attributes]?.children.map(\.tag) == [.cryptographicUsageMask])
        #expect(try KeyBlock(ttlv: v2, version: .v2_1) == block)
    }

    @Test func wrappedKeyValueIsAByteString() throws {
        let item = try xmlItem("""
            <KeyBlock>
              <KeyFormatType type="Enumeration" value="Raw"/>
              <KeyValue type="ByteString" value="0102030405060708090a0b0c0d0e0f101112131415161718"/>
              <CryptographicAlgorithm type="Enumeration" value="AES"/>
              <CryptographicLength type="Integer" value="128"/>
              <KeyWrappingData>
                <WrappingMethod type="Enumeration" value="Encrypt"/>
                <EncryptionKeyInformation>
                  <UniqueIdentifier type="TextString" value="kek-1"/>
                  <CryptographicParameters>
                    <BlockCipherMode type="Enumeration" value="NISTKeyWrap"/>
                  </CryptographicParameters>
                </EncryptionKeyInformation>
                <EncodingOption type="Enumeration" value="NoEncoding"/>
              </KeyWrappingData>
            </KeyBlock>
            """)
        let block = try KeyBlock(ttlv: item, version: .v2_0)
        #expect(block.keyValue == .wrapped(Array(1...24)))
        #expect(block.keyMaterial == nil)
        let wrapping = try #require(block.keyWrappingData)
        #expect(wrapping.wrappingMethod == .encrypt)
        #expect(wrapping.encryptionKeyInformation?.uniqueIdentifier == "kek-1")
        #expect(wrapping.encryptionKeyInformation?.cryptographicParameters?.blockCipherMode == .nistKeyWrap)
        #expect(wrapping.encodingOption == .noEncoding)
        #expect(try block.ttlv(.keyBlock, version: .v2_0) == item)
    }

    @Test func keyWrappingDataRoundTrips() throws {
        let data = KeyWrappingData(
            wrappingMethod: .encryptThenMACSign,
            encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: "kek"),
            macSignatureKeyInformation: WrappingKeyInformation(uniqueIdentifier: "mac", cryptographicParameters: CryptographicParameters(hashingAlgorithm: .sha_256)),
            macSignature: [1, 2, 3], ivCounterNonce: [4, 5], encodingOption: .ttlvEncoding
        )
        let item = try data.ttlv(.keyWrappingData, version: .v1_4)
        #expect(item.children.map(\.tag) == [.wrappingMethod, .encryptionKeyInformation, .macSignatureKeyInformation, .macSignature, .ivCounterNonce, .encodingOption])
        #expect(try KeyWrappingData(ttlv: item, version: .v1_4) == data)
        // Encoding Option arrived in KMIP 1.1.
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try data.ttlv(.keyWrappingData, version: .v1_0) }
    }

    @Test func keyWrappingSpecificationRoundTrips() throws {
        let specification = KeyWrappingSpecification(
            wrappingMethod: .encrypt, encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: "kek"),
            attributeNames: ["Cryptographic Usage Mask", "Name"]
        )
        for version in [KMIPVersion.v1_0, .v2_1] {
            let item = try specification.ttlv(.keyWrappingSpecification, version: version)
            #expect(item.all(.attributeName).count == 2)
            #expect(try KeyWrappingSpecification(ttlv: item, version: version) == specification)
        }
    }

    @Test func transparentKeysDecodeByKeyFormatType() throws {
        let rsa = try xmlItem("""
            <KeyBlock>
              <KeyFormatType type="Enumeration" value="TransparentRSAPrivateKey"/>
              <KeyValue>
                <KeyMaterial>
                  <Modulus type="BigInteger" value="0000000000000000930451c9ecd94f5b"/>
                  <PrivateExponent type="BigInteger" value="0b6a7d736199ea48a420e4537ca0c7c0"/>
                  <PublicExponent type="BigInteger" value="0000000000010001"/>
                </KeyMaterial>
              </KeyValue>
              <CryptographicAlgorithm type="Enumeration" value="RSA"/>
              <CryptographicLength type="Integer" value="1024"/>
            </KeyBlock>
            """)
        let rsaBlock = try KeyBlock(ttlv: rsa, version: .v2_0)
        guard case .rsaPrivateKey(let key) = rsaBlock.keyMaterial else { Issue.record("not an RSA private key"); return }
        #expect(key.publicExponent == BigInteger(65537))
        #expect(key.p == nil)
        #expect(try rsaBlock.ttlv(.keyBlock, version: .v2_0) == rsa)

        let materials: [(KeyFormatType, KeyMaterial)] = [
            (.transparentSymmetricKey, .symmetricKey(TransparentSymmetricKey(key: Self.aesKey))),
            (.transparentRSAPublicKey, .rsaPublicKey(TransparentRSAPublicKey(modulus: BigInteger(77), publicExponent: BigInteger(3)))),
            (.transparentDSAPrivateKey, .dsaPrivateKey(TransparentDSAPrivateKey(p: BigInteger(23), q: BigInteger(11), g: BigInteger(4), x: BigInteger(3)))),
            (.transparentDSAPublicKey, .dsaPublicKey(TransparentDSAPublicKey(p: BigInteger(23), q: BigInteger(11), g: BigInteger(4), y: BigInteger(18)))),
            (.transparentDHPrivateKey, .dhPrivateKey(TransparentDHPrivateKey(p: BigInteger(23), g: BigInteger(5), x: BigInteger(6)))),
            (.transparentDHPublicKey, .dhPublicKey(TransparentDHPublicKey(p: BigInteger(23), q: BigInteger(11), g: BigInteger(5), y: BigInteger(8)))),
            (.transparentECPrivateKey, .ecPrivateKey(TransparentECPrivateKey(recommendedCurve: .p_256, d: BigInteger(42)))),
            (.transparentECDSAPublicKey, .ecPublicKey(TransparentECPublicKey(recommendedCurve: .p_256, qString: [4, 1, 2]))),
        ]
        for (format, material) in materials {
            let block = KeyBlock(keyFormatType: format, keyMaterial: material)
            let item = try block.ttlv(.keyBlock, version: .v1_3)
            #expect(item[.keyValue]?[.keyMaterial]?.type == .structure)
            #expect(try KeyBlock(ttlv: item, version: .v1_3) == block)
        }
    }

    @Test func structuredMaterialInAnotherFormatIsKept() throws {
        let material = TTLVItem(tag: .keyMaterial, .structure([TTLVItem(tag: Tag(rawValue: 0x540001), .integer(7))]))
        let block = KeyBlock(keyFormatType: KeyFormatType(rawValue: 0x8000_0001), keyMaterial: .other(material))
        let item = try block.ttlv(.keyBlock, version: .v2_1)
        #expect(item[.keyValue]?[.keyMaterial] == material)
        #expect(try KeyBlock(ttlv: item, version: .v2_1) == block)
    }

    @Test func missingKeyMaterialNamesThePath() throws {
        let item = TTLVItem(tag: .keyBlock, .structure([
            TTLVItem(tag: .keyFormatType, .enumeration(KeyFormatType.raw.rawValue)),
            TTLVItem(tag: .keyValue, .structure([])),
        ]))
        do {
            _ = try KeyBlock(ttlv: item, version: .v2_1)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingField)
            #expect(error.path == ["KeyValue"])
        }
        let badSymmetric = TTLVItem(tag: .keyBlock, .structure([
            TTLVItem(tag: .keyFormatType, .enumeration(KeyFormatType.transparentSymmetricKey.rawValue)),
            TTLVItem(tag: .keyValue, .structure([TTLVItem(tag: .keyMaterial, .structure([]))])),
        ]))
        #expect(throws: KMIPError(.missingField, reason: "")) { try KeyBlock(ttlv: badSymmetric, version: .v2_1) }
    }

    @Test func keyMaterialPrintsOnlyLengths() throws {
        let secret: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF, 0x11, 0x22, 0x33, 0x44]
        let block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(secret), cryptographicAlgorithm: .aes, cryptographicLength: 64)
        let response = GetResponse(uniqueIdentifier: "1", object: .symmetricKey(SymmetricKey(keyBlock: block)))
        var dumped = ""
        dump(response, to: &dumped)
        let rsa = KeyMaterial.rsaPrivateKey(TransparentRSAPrivateKey(modulus: BigInteger(bytes: secret), privateExponent: BigInteger(bytes: secret)))
        let texts = [
            "\(response)", String(reflecting: response), dumped, "\(block)", String(reflecting: KeyMaterial.bytes(secret)),
            "\(rsa)", "\(KeyBlock.Value.wrapped(secret))", "\(OpaqueObject(opaqueDataType: OpaqueDataType(rawValue: 0x8000_0001), opaqueDataValue: secret))",
        ]
        for text in texts {
            #expect(text.contains("<8 bytes>"), "\(text)")
            for needle in ["222, 173", "deadbeef", "DEADBEEF", "0xde"] {
                #expect(!text.contains(needle), "\(text)")
            }
        }
        #expect(KeyMaterial.bytes(Self.aesKey).description == "<32 bytes>")
        #expect(rsa.description == "TransparentRSAPrivateKey(modulus: <8 bytes>, privateExponent: <8 bytes>)")
    }
}
