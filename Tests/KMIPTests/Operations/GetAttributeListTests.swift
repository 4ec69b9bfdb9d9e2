import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct GetAttributeListTests {
    static let response = GetAttributeListResponse(uniqueIdentifier: "key-1", attributeReferences: [
        AttributeReference(.vendor(identification: "x", name: "Barcode")), AttributeReference(.uniqueIdentifier),
        AttributeReference(.cryptographicAlgorithm),
    ])

    @Test func requestRoundTrips() throws {
        for version in [KMIPVersion.v1_0, .v2_1] {
            let (decoded, item) = try T.roundTrip(GetAttributeListRequest(uniqueIdentifier: "key-1"), version)
            #expect(decoded == GetAttributeListRequest(uniqueIdentifier: "key-1"))
            #expect(T.tags(item) == [.uniqueIdentifier])
        }
    }

    @Test func responseRoundTripsIn1xShape() throws {
        let (decoded, item) = try T.roundTrip(Self.response, .v1_3, tag: .responsePayload)
        #expect(decoded == Self.response)
        #expect(item.children.dropFirst().map(\.value) == [
            .textString("x-Barcode"), .textString("Unique Identifier"), .textString("Cryptographic Algorithm"),
        ])
    }

    @Test func responseRoundTripsIn2xShape() throws {
        let (decoded, item) = try T.roundTrip(Self.response, .v2_0, tag: .responsePayload)
        #expect(decoded == Self.response)
        #expect(T.tags(item) == [.uniqueIdentifier, .attributeReference, .attributeReference, .attributeReference])
        #expect(item.children[2].value == .enumeration(Tag.uniqueIdentifier.rawValue))
    }

    @Test func decodesAVectorResponse() throws {
        let response = try GetAttributeListResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <AttributeReference>
                <VendorIdentification type="TextString" value="x"/>
                <AttributeName type="TextString" value="Barcode"/>
              </AttributeReference>
              <AttributeReference type="Enumeration" value="UniqueIdentifier"/>
              <AttributeReference type="Enumeration" value="CryptographicAlgorithm"/>
            </ResponsePayload>
            """), version: .v2_1)
        #expect(response.attributeReferences == Self.response.attributeReferences)
        #expect(response.unknown.isEmpty)
    }
}
