import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

@Suite struct ImportTests {
    static let object = ManagedObject.privateKey(PrivateKey(keyBlock: KeyBlock(
        keyFormatType: .transparentRSAPrivateKey,
        keyMaterial: .rsaPrivateKey(TransparentRSAPrivateKey(modulus: BigInteger(3233), privateExponent: BigInteger(413), publicExponent: BigInteger(17))),
        cryptographicAlgorithm: .rsa, cryptographicLength: 12
    )))

    static func attributes() throws -> Attributes {
        [try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.rsa), try Attribute(.cryptographicLength, Int32(12))]
    }

    @Test func requestIn14ListsAttributeItemsWithoutObjectType() throws {
        let request = ImportRequest(uniqueIdentifier: "imp-1", replaceExisting: true, keyWrapType: .notWrapped, attributes: try Self.attributes(), object: Self.object)
        let item = try request.ttlv(.requestPayload, version: .v1_4)
        #expect(item.children.map(\.tag) == [.uniqueIdentifier, .replaceExisting, .keyWrapType, .attribute, .attribute, .privateKey])
        #expect(try ImportRequest(ttlv: item, version: .v1_4) == request)
    }

    @Test func requestIn2xCarriesObjectTypeAndAttributes() throws {
        let request = ImportRequest(uniqueIdentifier: "imp-1", attributes: try Self.attributes(), object: Self.object)
        let item = try request.ttlv(.requestPayload, version: .v2_1)
        #expect(item.children.map(\.tag) == [.uniqueIdentifier, .objectType, .attributes, .privateKey])
        #expect(item[.objectType]?.value == .enumeration(ObjectType.privateKey.rawValue))
        let decoded = try ImportRequest(ttlv: item, version: .v2_1)
        #expect(decoded.objectType == .privateKey)
        #expect(decoded.object == Self.object)
        #expect(decoded.attributes == (try Self.attributes()))
    }

    @Test func importNeeds14() throws {
        let request = ImportRequest(uniqueIdentifier: "imp-1", attributes: [], object: Self.object)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_3) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try ImportResponse(uniqueIdentifier: "1").ttlv(.responsePayload, version: .v1_2) }
    }

    @Test func decodesARealisticRequest() throws {
        let item = try TTLVXML.decode(Array("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="uid-0"/>
              <ObjectType type="Enumeration" value="PrivateKey"/>
              <ReplaceExisting type="Boolean" value="true"/>
              <Attributes>
                <UniqueIdentifier type="TextString" value="uid-0"/>
                <ObjectType type="Enumeration" value="PrivateKey"/>
                <CryptographicAlgorithm type="Enumeration" value="RSA"/>
                <CryptographicLength type="Integer" value="1024"/>
                <CryptographicUsageMask type="Integer" value="Decrypt"/>
                <State type="Enumeration" value="PreActive"/>
                <ProtectionStorageMask type="Integer" value="Software"/>
              </Attributes>
              <PrivateKey>
                <KeyBlock>
                  <KeyFormatType type="Enumeration" value="TransparentRSAPrivateKey"/>
                  <KeyValue>
                    <KeyMaterial>
                      <Modulus type="BigInteger" value="0000000000000000930451c9ecd94f5b"/>
                      <PrivateExponent type="BigInteger" value="0b6a7d736199ea48a420e4537ca0c7c0"/>
                    </KeyMaterial>
                  </KeyValue>
                  <CryptographicAlgorithm type="Enumeration" value="RSA"/>
                  <CryptographicLength type="Integer" value="1024"/>
                </KeyBlock>
              </PrivateKey>
            </RequestPayload>
            """.utf8))
        let request = try ImportRequest(ttlv: item, version: .v2_0)
        #expect(request.replaceExisting == true)
        #expect(try request.attributes.state == .preActive)
        #expect(request.object.objectType == .privateKey)
        #expect(request.unknown.isEmpty)
        #expect(try request.ttlv(.requestPayload, version: .v2_0) == item)
    }

    @Test func requestIn2xWithoutAttributesIsAnError() throws {
        let item = TTLVItem(tag: .requestPayload, .structure([
            TTLVItem(tag: .uniqueIdentifier, .textString("1")),
            TTLVItem(tag: .objectType, .enumeration(ObjectType.privateKey.rawValue)),
            try Self.object.ttlv(version: .v2_0),
        ]))
        #expect(throws: KMIPError(.missingField, reason: "")) { try ImportRequest(ttlv: item, version: .v2_0) }
    }

    @Test func responseRoundTrips() throws {
        let response = ImportResponse(uniqueIdentifier: "imp-1")
        for version in [KMIPVersion.v1_4, .v2_1] {
            let item = try response.ttlv(.responsePayload, version: version)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier])
            #expect(try ImportResponse(ttlv: item, version: version) == response)
        }
    }
}
