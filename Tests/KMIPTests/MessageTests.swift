import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag

@Suite struct MessageTests {
    func createRequest(_ version: KMIPVersion) throws -> RequestMessage {
        let attributes: Attributes = [
            try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes),
            try Attribute(.cryptographicLength, Int32(256)),
            try Attribute(.cryptographicUsageMask, CryptographicUsageMask([.encrypt, .decrypt])),
        ]
        return RequestMessage(version: version, [CreateRequest(objectType: .symmetricKey, attributes: attributes)])
    }

    @Test(arguments: [KMIPVersion.v1_0, .v1_4, .v2_0, .v2_1])
    func requestRoundTrips(_ version: KMIPVersion) throws {
        let message = try createRequest(version)
        let decoded = try RequestMessage(bytes: try message.encoded())
        #expect(decoded == message)
        #expect(decoded.version == version)
        let payload = try #require(decoded.batchItems.first?.payload as? CreateRequest)
        #expect(try payload.attributes.cryptographicAlgorithm == .aes)
        #expect(try payload.attributes.cryptographicUsageMask == [.encrypt, .decrypt])
    }

    @Test func attributesTakeTheShapeOfTheVersion() throws {
        let v1 = try createRequest(.v1_4).ttlv()
        let payload1 = try #require(v1[.batchItem]?[.requestPayload])
        let template = try #require(payload1[.templateAttribute])
        #expect(template.all(.attribute).count == 3)
        #expect(template.all(.attribute).first?[.attributeName]?.value == .textString("Cryptographic Algorithm"))
        #expect(template.all(.attribute).first?[.attributeValue]?.value == .enumeration(CryptographicAlgorithm.aes.rawValue))

        let v2 = try createRequest(.v2_1).ttlv()
        let attributes = try #require(v2[.batchItem]?[.requestPayload]?[.attributes])
        #expect(attributes.children.map(\.tag) == [.cryptographicAlgorithm, .cryptographicLength, .cryptographicUsageMask])
    }

    @Test func severalBatchItemsGetIdentifiers() throws {
        let create = CreateRequest(objectType: .symmetricKey, attributes: [])
        let message = RequestMessage(version: .v2_0, [create, create])
        #expect(message.header.batchCount == 2)
        #expect(message.batchItems.map(\.uniqueBatchItemID) == [[0, 0, 0, 1], [0, 0, 0, 2]])
        #expect(try RequestMessage(bytes: try message.encoded()) == message)
    }

    @Test func versionGating() throws {
        // Client Correlation Value arrived in 1.4.
        var message = try createRequest(.v1_2)
        message.header.clientCorrelationValue = "abc"
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try message.ttlv() }
        message.header.protocolVersion = .v1_4
        _ = try message.ttlv()
        // An attribute index cannot be written in 2.x.
        var indexed = try createRequest(.v2_0)
        var payload = try #require(indexed.batchItems[0].payload as? CreateRequest)
        payload.attributes.list[0].index = 1
        indexed.batchItems[0].payload = payload
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try indexed.ttlv() }
        // An enumeration value 2.0 removed (Object Type Template) cannot be written at 2.0.
        let removed = RequestMessage(version: .v2_0, [CreateRequest(objectType: .template, attributes: [])])
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try removed.ttlv() }
    }

    @Test func unknownContentIsKept() throws {
        var item = try createRequest(.v2_1).ttlv()
        guard case .structure(var children) = item.value, case .structure(var batch) = children[1].value,
              case .structure(var payload) = batch[1].value else { Issue.record("unexpected shape"); return }
        let vendor = TTLVItem(tag: Tag(rawValue: 0x54_0001), .textString("vendor"))
        payload.insert(vendor, at: 1)
        batch[1] = TTLVItem(tag: .requestPayload, .structure(payload))
        batch.append(TTLVItem(tag: Tag(rawValue: 0x54_0002), .integer(7)))
        children[1] = TTLVItem(tag: .batchItem, .structure(batch))
        item = TTLVItem(tag: .requestMessage, .structure(children))
        let message = try RequestMessage(ttlv: item)
        let create = try #require(message.batchItems[0].payload as? CreateRequest)
        #expect(create.unknown == [vendor])
        #expect(message.batchItems[0].unknown.map(\.tag) == [Tag(rawValue: 0x54_0002)])
        // Re-encoding keeps the vendor items (after the known fields).
        let again = try message.ttlv()
        #expect(again[.batchItem]?[.requestPayload]?.children.contains(vendor) == true)
        #expect(again[.batchItem]?.children.last?.tag == Tag(rawValue: 0x54_0002))
    }

    @Test func operationsWithoutATypedModelAreKept() throws {
        let payload = TTLVItem(tag: .requestPayload, .structure([TTLVItem(tag: Tag(rawValue: 0x54_0003), .integer(1))]))
        let item = TTLVItem(tag: .requestMessage, .structure([
            try RequestHeader(protocolVersion: .v2_1, batchCount: 1).ttlv(.requestHeader, version: .v2_1),
            TTLVItem(tag: .batchItem, .structure([TTLVItem(tag: .operation, .enumeration(0x8000_0001)), payload])),
        ]))
        let message = try RequestMessage(ttlv: item)
        #expect((message.batchItems[0].payload as? UntypedRequest)?.item == payload)
        #expect(try message.ttlv() == item)
    }

    @Test func missingAndMistypedFieldsSayWhere() throws {
        let noBatchCount = TTLVItem(tag: .requestHeader, .structure([KMIPVersion.v2_0.ttlv(.protocolVersion, version: .v2_0)]))
        #expect(throws: KMIPError(.missingField, reason: "")) { try RequestHeader(ttlv: noBatchCount, version: .v2_0) }
        let mistyped = TTLVItem(tag: .requestHeader, .structure([
            KMIPVersion.v2_0.ttlv(.protocolVersion, version: .v2_0), TTLVItem(tag: .batchCount, .textString("1")),
        ]))
        do {
            _ = try RequestHeader(ttlv: mistyped, version: .v2_0)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .wrongType)
            #expect(error.path == ["BatchCount"])
        }
    }

    @Test func responseRoundTrips() throws {
        let header = ResponseHeader(protocolVersion: .v1_4, timeStamp: DateTime(secondsSince1970: 1_700_000_000), batchCount: 2)
        let message = ResponseMessage(header: header, batchItems: [
            ResponseBatchItem(CreateResponse(objectType: .symmetricKey, uniqueIdentifier: "1")),
            ResponseBatchItem(operation: .create, resultStatus: .operationFailed, resultReason: .invalidField, resultMessage: "bad"),
        ])
        #expect(try ResponseMessage(bytes: try message.encoded()) == message)
    }
}

@Suite struct AttributeTests {
    @Test func customAttributesMapBetweenVersions() throws {
        let custom = Attribute(.vendor(identification: "x", name: "Barcode"), value: .textString("123"))
        let v1 = try custom.ttlv(version: .v1_4)
        #expect(v1[.attributeName]?.value == .textString("x-Barcode"))
        #expect(try Attribute(ttlv: v1, version: .v1_4) == custom)
        let v2 = try custom.ttlv(version: .v2_1)
        #expect(v2.tag == .attribute)
        #expect(v2[.vendorIdentification]?.value == .textString("x"))
        #expect(v2[.attributeName]?.value == .textString("Barcode"))
        #expect(try Attribute(ttlv: v2, version: .v2_1) == custom)
    }

    @Test func structuredAttributes() throws {
        let name = Attribute(.standard(.name), value: .structure([
            TTLVItem(tag: .nameValue, .textString("key-1")),
            TTLVItem(tag: .nameType, .enumeration(NameType.uninterpretedTextString.rawValue)),
        ]))
        let v1 = try name.ttlv(version: .v1_0)
        #expect(v1[.attributeName]?.value == .textString("Name"))
        #expect(v1[.attributeValue]?[.nameValue]?.value == .textString("key-1"))
        #expect(try Attribute(ttlv: v1, version: .v1_0) == name)
        #expect(try name.ttlv(version: .v2_0).tag == .name)
    }

    @Test func unknownAttributeNamesAreErrors() {
        let item = TTLVItem(tag: .attribute, .structure([
            TTLVItem(tag: .attributeName, .textString("Colour")), TTLVItem(tag: .attributeValue, .textString("red")),
        ]))
        #expect(throws: KMIPError(.invalidValue, reason: "")) { try Attribute(ttlv: item, version: .v1_4) }
    }

    @Test func attributesThatAVersionLacks() throws {
        // Sensitive arrived in 1.4.
        let attribute = try Attribute(.sensitive, true)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try attribute.ttlv(version: .v1_0) }
        _ = try attribute.ttlv(version: .v2_0)
    }

    @Test func typedAccessAndSet() throws {
        var attributes = Attributes()
        try attributes.set(.cryptographicLength, Int32(128))
        try attributes.set(.cryptographicLength, Int32(256))
        #expect(try attributes.cryptographicLength == 256)
        #expect(attributes.list.count == 1)
        try attributes.set(.cryptographicLength, Int32?.none)
        #expect(attributes.isEmpty)
    }
}
