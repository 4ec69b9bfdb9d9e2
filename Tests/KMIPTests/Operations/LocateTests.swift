import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct LocateTests {
    @Test func requestRoundTripsIn1xShape() throws {
        let request = LocateRequest(
            maximumItems: 10, offsetItems: 2, storageStatusMask: [.onLineStorage, .archivalStorage], objectGroupMember: .groupMemberFresh,
            attributes: [try Attribute(.objectType, ObjectType.symmetricKey), try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes)]
        )
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(T.tags(item) == [.maximumItems, .offsetItems, .storageStatusMask, .objectGroupMember, .attribute, .attribute])
    }

    @Test func requestRoundTripsIn2xShape() throws {
        let request = LocateRequest(maximumItems: 1, attributes: [try Attribute(.objectType, ObjectType.secretData)])
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.maximumItems, .attributes])
        #expect(T.tags(item[.attributes]) == [.objectType])
    }

    @Test func emptyAttributesStillWriteTheStructureIn2x() throws {
        let (decoded, item) = try T.roundTrip(LocateRequest(), .v2_0)
        #expect(decoded == LocateRequest())
        #expect(T.tags(item) == [.attributes])
        #expect(try LocateRequest().ttlv(.requestPayload, version: .v1_4).children.isEmpty)
        // Reading is lenient: PyKMIP leaves the (required) Attributes out when it is empty.
        #expect(try LocateRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([])), version: .v2_1) == LocateRequest())
    }

    @Test func fieldsNewerThanTheVersionAreNotInVersion() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try LocateRequest(offsetItems: 5).ttlv(.requestPayload, version: .v1_2) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try LocateRequest(objectGroupMember: .groupMemberDefault).ttlv(.requestPayload, version: .v1_0)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try LocateResponse(locatedItems: 3, uniqueIdentifiers: ["a"]).ttlv(.responsePayload, version: .v1_2)
        }
    }

    @Test func templateNamesCannotBeListed() {
        let request = LocateRequest(attributes: Attributes([], templateNames: [TTLVItem(tag: .name, .structure([]))]))
        #expect(throws: KMIPError(.invalidValue, reason: "")) { try request.ttlv(.requestPayload, version: .v1_2) }
    }

    @Test func responseRoundTrips() throws {
        let response = LocateResponse(locatedItems: 12, uniqueIdentifiers: ["c", "b", "a"])
        let (decoded, item) = try T.roundTrip(response, .v1_3, tag: .responsePayload)
        #expect(decoded == response)
        #expect(T.tags(item) == [.locatedItems, .uniqueIdentifier, .uniqueIdentifier, .uniqueIdentifier])
        #expect(try T.roundTrip(LocateResponse(), .v2_1, tag: .responsePayload).item.children.isEmpty)
    }

    @Test func decodesVectorRequests() throws {
        let v13 = try LocateRequest(ttlv: T.item("""
            <RequestPayload>
              <Attribute>
                <AttributeName type="TextString" value="Name"/>
                <AttributeValue>
                  <NameValue type="TextString" value="SASED-M-2-13-template1"/>
                  <NameType type="Enumeration" value="UninterpretedTextString"/>
                </AttributeValue>
              </Attribute>
              <Attribute>
                <AttributeName type="TextString" value="Object Type"/>
                <AttributeValue type="Enumeration" value="Template"/>
              </Attribute>
            </RequestPayload>
            """), version: .v1_3)
        #expect(v13.attributes.list.map(\.name) == [.standard(.name), .standard(.objectType)])
        #expect(try v13.attributes.objectType == .template)

        let v21 = try LocateRequest(ttlv: T.item("""
            <RequestPayload>
              <Attributes>
                <ObjectType type="Enumeration" value="SecretData"/>
              </Attributes>
            </RequestPayload>
            """), version: .v2_1)
        #expect(try v21.attributes.objectType == .secretData)
        #expect(v21.maximumItems == nil && v21.unknown.isEmpty)
    }
}
