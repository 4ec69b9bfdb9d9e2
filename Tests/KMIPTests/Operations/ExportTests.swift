import Foundation
import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

@Suite struct ExportTests {
    static let object = ManagedObject.symmetricKey(SymmetricKey(keyBlock: KeyBlock(
        keyFormatType: .transparentSymmetricKey, keyMaterial: .symmetricKey(TransparentSymmetricKey(key: Array(0..<16))),
        cryptographicAlgorithm: .aes, cryptographicLength: 128
    )))

    @Test func requestRoundTripsIn14And2x() throws {
        let request = ExportRequest(uniqueIdentifier: "key-1", keyFormatType: .raw, keyWrapType: .asRegistered)
        for version in [KMIPVersion.v1_4, .v2_0] {
            let item = try request.ttlv(.requestPayload, version: version)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier, .keyFormatType, .keyWrapType])
            #expect(try ExportRequest(ttlv: item, version: version) == request)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_3) }
    }

    @Test func responseListsAttributeItemsIn14AndAnAttributesStructureIn2x() throws {
        let response = ExportResponse(uniqueIdentifier: "key-1", attributes: [try Attribute(.state, State.active)], object: Self.object)
        let v1 = try response.ttlv(.responsePayload, version: .v1_4)
        #expect(v1.children.map(\.tag) == [.objectType, .uniqueIdentifier, .attribute, .symmetricKey])
        #expect(try ExportResponse(ttlv: v1, version: .v1_4) == response)
        let v2 = try response.ttlv(.responsePayload, version: .v2_1)
        #expect(v2.children.map(\.tag) == [.objectType, .uniqueIdentifier, .attributes, .symmetricKey])
        #expect(try ExportResponse(ttlv: v2, version: .v2_1) == response)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try response.ttlv(.responsePayload, version: .v1_3) }
    }

    @Test func attributeIndicesCannotBeExportedIn2x() throws {
        let response = ExportResponse(uniqueIdentifier: "key-1", attributes: [try Attribute(.objectGroup, "g", index: 1)], object: Self.object)
        #expect(try ExportResponse(ttlv: try response.ttlv(.responsePayload, version: .v1_4), version: .v1_4) == response)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try response.ttlv(.responsePayload, version: .v2_0) }
    }

    /// The OASIS 2.0 import/export test cases (not in the profile vectors) decode into typed
    /// Import and Export payloads and re-encode to the same bytes.
    @Test func oasisImportExportCasesRoundTrip() throws {
        let folder = vectorsRoot.appendingPathComponent("cosmian-kmip/website/kmip-testcases/v2.0/cn01/test-cases/kmip-v2.0")
        var typed = 0
        for name in ["TC-IMPEXP-4-20.xml", "TC-IMPEXP-5-20.xml"] {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let options = TTLVTextOptions(placeholders: .substitute(now: 1_700_000_000))
            for item in try TTLVXML.decodeDocument(Array(try Data(contentsOf: url)), options: options) {
                if item.tag == .requestMessage {
                    let message = try RequestMessage(ttlv: item)
                    typed += message.batchItems.filter { $0.payload is ImportRequest || $0.payload is ExportRequest }.count
                    #expect(try message.encoded() == (try TTLVEncoder.encode(item)), "\(name)")
                } else {
                    let message = try ResponseMessage(ttlv: item)
                    typed += message.batchItems.filter { $0.payload is ImportResponse || $0.payload is ExportResponse }.count
                    #expect(try message.encoded() == (try TTLVEncoder.encode(item)), "\(name)")
                }
            }
        }
        #expect(typed >= 8)
    }
}
