import Foundation
import KMIP
import KMIPServer
import KMIPSpec
import Testing
import TTLV

@Suite struct SQLiteStoreTests {
    func object(_ identifier: String, owner: String) throws -> StoredObject {
        let block = KeyBlock(keyFormatType: .raw, keyValue: .plaintext(KeyValue(keyMaterial: .bytes(Array(0..<32)))), cryptographicAlgorithm: .aes, cryptographicLength: 256)
        var attributes: Attributes = [
            try Attribute(.uniqueIdentifier, identifier), try Attribute(.state, State.active),
            Attribute(.vendor(identification: "x", name: "Barcode"), value: .textString("0042")),
            Attribute(.standard(.name), index: 1, value: .structure([TTLVItem(tag: .nameValue, .textString("n")), TTLVItem(tag: .nameType, .enumeration(1))])),
        ]
        try attributes.set(.activationDate, DateTime(secondsSince1970: 1_700_000_000))
        return StoredObject(uniqueIdentifier: identifier, objectType: .symmetricKey, object: .symmetricKey(SymmetricKey(keyBlock: block)), attributes: attributes, owner: owner)
    }

    @Test func objectsSurviveReopening() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-store-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sqlite").path
        defer { ["", "-wal", "-shm"].forEach { try? FileManager.default.removeItem(atPath: path + $0) } }
        do {
            let store = try SQLiteObjectStore(path: path, sequentialIdentifiers: true)
            #expect(await store.newIdentifier() == "1")
            try await store.insert(try object("1", owner: "alice"))
            try await store.insert(try object("2", owner: "bob"))
            var changed = try object("1", owner: "alice")
            changed.archived = true
            try await store.update(changed)
        }
        let reopened = try SQLiteObjectStore(path: path, sequentialIdentifiers: true)
        let alice = try await reopened.objects(ownedBy: "alice")
        #expect(alice.count == 1)
        var expected = try object("1", owner: "alice")
        expected.archived = true
        #expect(alice.first == expected)
        #expect(try await reopened.object("2")?.owner == "bob")
        #expect(await reopened.newIdentifier() == "3")
        try await reopened.remove("2")
        #expect(try await reopened.object("2") == nil)
    }

    @Test func unwritableLocationsAreClearErrors() {
        #expect(throws: SQLiteObjectStore.StoreError.self) { try SQLiteObjectStore(path: "/nonexistent/folder/objects.sqlite") }
    }
}
