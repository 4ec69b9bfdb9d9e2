import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import Synchronization
import Testing
import TTLV

/// What the KMIP 1.0 to 1.2 test cases exercise, through the client over mutual TLS: dates
/// that move an object's State, Get Usage Allocation, critical Message Extensions, owners by
/// credential, Re-key Key Pair, Templates and the 1.x shapes of attributes.
@Suite struct ServerLegacyVersionTests: ServerTesting {
    /// A server clock the test moves.
    final class TestClock: Sendable {
        let seconds = Atomic<Int64>(1_700_000_000)
        var now: DateTime { DateTime(secondsSince1970: seconds.load(ordering: .relaxed)) }
        func advance(_ by: Int64) { seconds.add(by, ordering: .relaxed) }
    }

    static func name(_ text: String) -> Attribute {
        Attribute(.standard(.name), value: .structure([
            TTLVItem(tag: .nameValue, .textString(text)), TTLVItem(tag: .nameType, .enumeration(NameType.uninterpretedTextString.rawValue)),
        ]))
    }

    func state(_ client: KMIPClient, _ key: String) async throws -> State? {
        try await client.getAttributes(key, [AttributeReference(.standard(.state))]).state
    }

    @Test func datesReachedMoveTheState() async throws {
        let clock = TestClock()
        try await withServer(configure: { $0.clock = { clock.seconds.load(ordering: .relaxed) } }) { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let activation = DateTime(secondsSince1970: clock.now.secondsSince1970 + 60)
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [try Attribute(.activationDate, activation)])
            #expect(try await state(client, key) == .preActive)
            clock.advance(60)
            #expect(try await state(client, key) == .active)
            // The client sets the Deactivation Date while the key is Active; reached, the key is
            // Deactivated, for Locate too.
            try await client.addAttribute(key, try Attribute(.deactivationDate, DateTime(secondsSince1970: clock.now.secondsSince1970 + 120)))
            #expect(try await client.locate(state: .deactivated).isEmpty)
            clock.advance(120)
            #expect(try await client.locate(state: .deactivated) == [key])
            #expect(try await state(client, key) == .deactivated)
            let changed = try await client.getAttributes(key, [AttributeReference(.standard(.lastChangeDate))]).value(.lastChangeDate, as: DateTime.self)
            #expect(changed == clock.now)
            await expectFailure(.wrongKeyLifecycleState) { try await client.modifyAttribute(key, try Attribute(.deactivationDate, clock.now)) }
            await expectFailure(.attributeReadOnly) { try await client.deleteAttribute(key, AttributeReference(.standard(.deactivationDate))) }
        }
    }

    @Test func getUsageAllocationTakesFromTheLimits() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v1_2)
            defer { Task { await client.shutdown() } }
            let limits = Attribute(.standard(.usageLimits), value: .structure([
                TTLVItem(tag: .usageLimitsTotal, .longInteger(1000)), TTLVItem(tag: .usageLimitsCount, .longInteger(5)),
                TTLVItem(tag: .usageLimitsUnit, .enumeration(UsageLimitsUnit.byte.rawValue)),
            ]))
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [limits])
            func count() async throws -> TTLVValue? {
                guard case .structure(let fields)? = try await client.getAttributes(key).list.first(where: { $0.name == .standard(.usageLimits) })?.value else { return nil }
                return fields.first { $0.tag == .usageLimitsCount }?.value
            }
            // The server sets the count to the Total, whatever the client sent.
            #expect(try await count() == .longInteger(1000))
            func allocate(_ units: Int64, of identifier: String? = nil) async throws {
                _ = try await client.perform(GetUsageAllocationRequest(uniqueIdentifier: identifier ?? key, usageLimitsCount: units), expecting: GetUsageAllocationResponse.self)
            }
            await expectFailure(.illegalOperation) { try await allocate(1) }  // Pre-Active
            try await client.activate(key)
            try await allocate(600)
            #expect(try await count() == .longInteger(400))
            await expectFailure(.permissionDenied) { try await allocate(500) }
            await expectFailure(.permissionDenied) { try await client.modifyAttribute(key, limits) }
            let unlimited = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            try await client.activate(unlimited)
            await expectFailure(.illegalOperation) { try await allocate(1, of: unlimited) }
        }
    }

    @Test func aCriticalMessageExtensionRejectsTheMessage() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v1_2)
            defer { Task { await client.shutdown() } }
            let attributes: Attributes = [try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(128))]
            func create(critical: Bool) async throws -> ResponseBatchItem? {
                let item = RequestBatchItem(CreateRequest(objectType: .symmetricKey, attributes: attributes), messageExtension: MessageExtension(
                    vendorIdentification: "Acme", criticalityIndicator: critical, vendorExtension: TTLVItem(tag: .vendorExtension, .structure([]))))
                let request = RequestMessage(header: RequestHeader(protocolVersion: .v1_2, batchCount: 1), batchItems: [item])
                return try await client.send(request).batchItems.first
            }
            let refused = try await create(critical: true)
            #expect(refused?.resultStatus == .operationFailed)
            #expect(refused?.resultReason == .featureNotSupported)
            #expect(try await client.locate(objectType: .symmetricKey).isEmpty)
            #expect(try await create(critical: false)?.resultStatus == .success)
        }
    }

    @Test func credentialsTellOwnersApart() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v1_2)
            defer { Task { await client.shutdown() } }
            func send(_ payload: any RequestPayload, as user: String?) async throws -> ResponseBatchItem? {
                var header = RequestHeader(protocolVersion: .v1_2, batchCount: 1)
                header.authentication = user.map { Authentication(credentials: [.usernameAndPassword($0, password: "any")]) }
                return try await client.send(RequestMessage(header: header, batchItems: [RequestBatchItem(payload)])).batchItems.first
            }
            let attributes: Attributes = [try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(128))]
            let made = try await send(CreateRequest(objectType: .symmetricKey, attributes: attributes), as: "fred")
            guard let key = (made?.payload as? CreateResponse)?.uniqueIdentifier else {
                Issue.record("Create failed: \(String(describing: made))")
                return
            }
            #expect(try await send(GetRequest(uniqueIdentifier: key), as: "fred")?.resultStatus == .success)
            #expect(try await send(GetRequest(uniqueIdentifier: key), as: "barney")?.resultReason == .permissionDenied)
            #expect(try await send(GetRequest(uniqueIdentifier: key), as: nil)?.resultReason == .permissionDenied)
        }
    }

    @Test(arguments: [KMIPVersion.v1_2, .v2_1])
    func reKeyKeyPairReplacesBothKeys(version: KMIPVersion) async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: version)
            defer { Task { await client.shutdown() } }
            for (algorithm, length, curve) in [(CryptographicAlgorithm.ec, Int32(256), RecommendedCurve?.some(.p_256)), (.rsa, 1024, nil)] {
                let old = try await client.createKeyPair(algorithm: algorithm, length: length, name: "pair-\(algorithm)", curve: curve)
                let new = try await client.perform(ReKeyKeyPairRequest(privateKeyUniqueIdentifier: old.privateKey), expecting: ReKeyKeyPairResponse.self)
                func links(_ identifier: String) async throws -> [String] {
                    try await client.getAttributes(identifier).all(.link).map { "\($0.value)" }
                }
                let newPrivate = try await links(new.privateKeyUniqueIdentifier)
                #expect(newPrivate.contains { $0.contains(new.publicKeyUniqueIdentifier) } && newPrivate.contains { $0.contains(old.privateKey) })
                #expect(try await links(new.publicKeyUniqueIdentifier).contains { $0.contains(old.publicKey) })
                #expect(try await links(old.privateKey).contains { $0.contains(new.privateKeyUniqueIdentifier) })
                // The names moved to the new keys.
                #expect(try await client.locate(name: "pair-\(algorithm)-private") == [new.privateKeyUniqueIdentifier])
                #expect(try await client.getAttributes(new.publicKeyUniqueIdentifier).cryptographicLength == length)
                try await client.activate(new.privateKeyUniqueIdentifier)
                try await client.activate(new.publicKeyUniqueIdentifier)
                let parameters = algorithm == .rsa ? CryptographicParameters(paddingMethod: .pkcs1V1_5, hashingAlgorithm: .sha_256)
                    : CryptographicParameters(digitalSignatureAlgorithm: .ecdsaWithSHA256)
                let signature = try await client.sign(new.privateKeyUniqueIdentifier, data: [1, 2, 3], parameters: parameters)
                #expect(try await client.signatureVerify(new.publicKeyUniqueIdentifier, data: [1, 2, 3], signature: signature, parameters: parameters))
            }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            // Invalid Object Type came in 2.0; 1.x says Invalid Field.
            await expectFailure(version < .v2_0 ? .invalidField : .invalidObjectType) {
                _ = try await client.perform(ReKeyKeyPairRequest(privateKeyUniqueIdentifier: key), expecting: ReKeyKeyPairResponse.self)
            }
        }
    }

    @Test func templatesGiveCreateItsAttributes() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v1_2)
            defer { Task { await client.shutdown() } }
            let name = Self.name("template-1")
            let purpose = { (text: String) in Attribute(.vendor(identification: "x", name: "Purpose"), value: .textString(text)) }
            _ = try await client.register(.template(Template(attributes: [
                name, try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(256)),
                try Attribute(.cryptographicUsageMask, CryptographicUsageMask.encrypt), purpose("from template"),
            ])))
            let templateName = TTLVItem(tag: .name, name.value)
            let made = try await client.perform(CreateRequest(objectType: .symmetricKey, attributes: Attributes([purpose("from create")], templateNames: [templateName])),
                                                expecting: CreateResponse.self)
            let attributes = try await client.getAttributes(made.uniqueIdentifier)
            #expect(try attributes.cryptographicLength == 256)
            #expect(attributes.list.filter { $0.name == purpose("").name }.map(\.value) == [.textString("from template"), .textString("from create")])
            #expect(attributes.list.filter { $0.name == purpose("").name }.map { $0.index ?? 0 } == [0, 1])
            // The template's Name is its own, not the key's.
            #expect(attributes.all(.name).isEmpty)
            let missing = TTLVItem(tag: .name, Self.name("no-such-template").value)
            await expectFailure(.itemNotFound) {
                _ = try await client.perform(CreateRequest(objectType: .symmetricKey, attributes: Attributes([], templateNames: [missing])), expecting: CreateResponse.self)
            }
        }
    }

    @Test func oneXShapesOfAttributesAndKeys() async throws {
        try await withServer { server in
            let v10 = try client(server, as: Self.setup.alice, version: .v1_0)
            defer { Task { await v10.shutdown() } }
            // 1.0's Digest has no Key Format Type (1.1 added it).
            let key = try await v10.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            guard case .structure(let digest)? = try await v10.getAttributes(key, [AttributeReference(.standard(.digest))]).list.first?.value else {
                Issue.record("no Digest")
                return
            }
            #expect(digest.map(\.tag) == [.hashingAlgorithm, .digestValue])
            let v12 = try client(server, as: Self.setup.alice, version: .v1_2)
            defer { Task { await v12.shutdown() } }
            await expectFailure(.invalidMessage) {
                _ = try await v12.getAttributes(key, [AttributeReference(.standard(.state)), AttributeReference(.standard(.state))])
            }
            // Two-key 3DES (16 bytes) encrypts and decrypts; SKIPJACK keys are made and kept.
            let tdea = try await v12.create(symmetricKey: .des3, length: 112, usage: [.encrypt, .decrypt])
            guard case .bytes(let material)? = try await v12.get(tdea).object.keyBlock?.keyMaterial else {
                Issue.record("no key material")
                return
            }
            #expect(material.count == 16)
            try await v12.activate(tdea)
            let ecb = CryptographicParameters(blockCipherMode: .ecb, paddingMethod: .pkcs5)
            let sealed = try await v12.encrypt(tdea, data: [1, 2, 3], parameters: ecb)
            #expect(try await v12.decrypt(tdea, data: sealed.data ?? [], parameters: ecb) == [1, 2, 3])
            let skipjack = try await v12.create(symmetricKey: .skipjack, length: 80, usage: [.encrypt])
            guard case .bytes(let bytes)? = try await v12.get(skipjack).object.keyBlock?.keyMaterial else {
                Issue.record("no key material")
                return
            }
            #expect(bytes.count == 10)
        }
    }

    /// Export gives an object with its attributes; Import puts one back under the identifier the
    /// client chooses, replacing only when asked, never over another client's object, and
    /// identifiers the server hands out later skip the imported ones.
    @Test func exportAndImportMoveAnObjectWithItsAttributes() async throws {
        try await withServer(store: MemoryObjectStore(sequentialIdentifiers: true)) { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], name: "exported")
            let exported = try await client.perform(ExportRequest(uniqueIdentifier: key), expecting: ExportResponse.self)
            #expect(exported.object == (try await client.get(key)).object)
            #expect(try exported.attributes.state == .preActive)
            #expect(exported.attributes.all(.name).count == 1)
            func importing(_ identifier: String, replace: Bool? = nil, object: ManagedObject? = nil, as who: KMIPClient? = nil) async throws {
                var attributes = exported.attributes
                attributes.list.removeAll { $0.name == .standard(.name) }
                _ = try await (who ?? client).perform(ImportRequest(uniqueIdentifier: identifier, objectType: .symmetricKey, replaceExisting: replace,
                                                                    attributes: attributes, object: object ?? exported.object), expecting: ImportResponse.self)
            }
            await expectFailure(.objectAlreadyExists) { try await importing(key) }
            try await importing("2")
            #expect(try await client.get("2").object == exported.object)
            #expect(try await client.getAttributes("2").cryptographicUsageMask == [.encrypt])
            let other = ManagedObject.symmetricKey(SymmetricKey(keyBlock: KeyBlock(keyFormatType: .raw, keyValue: .plaintext(KeyValue(keyMaterial: .bytes([UInt8](repeating: 7, count: 16)))),
                                                                                     cryptographicAlgorithm: .aes, cryptographicLength: 128)))
            try await importing(key, replace: true, object: other)
            #expect(try await client.get(key).object == other)
            let bob = try self.client(server, as: Self.setup.bob, version: .v2_1)
            defer { Task { await bob.shutdown() } }
            await expectFailure(.permissionDenied) { try await importing(key, replace: true, as: bob) }
            // "2" is taken: the next identifier is another.
            let next = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            #expect(next == "3")
        }
    }

    /// Create Split Key splits a key the client names; any threshold of the parts joins it
    /// again, fewer cannot, and an XOR split needs every part.
    @Test func splitKeysJoinBackToTheKey() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let material = [UInt8](0..<16)
            let key = try await client.register(symmetricKey: material, algorithm: .aes, usage: [.encrypt])
            let split = try await client.perform(CreateSplitKeyRequest(uniqueIdentifier: key, splitKeyParts: 4, splitKeyThreshold: 2, splitKeyMethod: .polynomialSharingGF2_8,
                                                                       attributes: []), expecting: CreateSplitKeyResponse.self)
            #expect(split.uniqueIdentifiers.count == 4)
            guard case .splitKey(let part)? = try await client.get(split.uniqueIdentifiers[2]).object as ManagedObject?, case .bytes(let share)? = part.keyBlock.keyMaterial else {
                Issue.record("part 3 is not a Split Key")
                return
            }
            #expect(part.keyPartIdentifier == 3 && part.splitKeyThreshold == 2 && share != material)
            func join(_ parts: [String]) async throws -> String {
                try await client.perform(JoinSplitKeyRequest(objectType: .symmetricKey, uniqueIdentifiers: parts), expecting: JoinSplitKeyResponse.self).uniqueIdentifier
            }
            let joined = try await join([split.uniqueIdentifiers[3], split.uniqueIdentifiers[1]])
            #expect(try await client.get(joined).object.keyBlock?.keyMaterial == .bytes(material))
            await expectFailure(.cryptographicFailure) { _ = try await join([split.uniqueIdentifiers[0]]) }
            await expectFailure(.invalidObjectType) { _ = try await join([key, split.uniqueIdentifiers[0]]) }
            await expectFailure(.badCryptographicParameters) {
                _ = try await client.perform(CreateSplitKeyRequest(uniqueIdentifier: key, splitKeyParts: 3, splitKeyThreshold: 2, splitKeyMethod: .xor, attributes: []),
                                             expecting: CreateSplitKeyResponse.self)
            }
            let xor = try await client.perform(CreateSplitKeyRequest(splitKeyParts: 3, splitKeyThreshold: 3, splitKeyMethod: .xor, attributes: [
                try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(256)),
            ]), expecting: CreateSplitKeyResponse.self)
            let rebuilt = try await join(xor.uniqueIdentifiers)
            #expect(try await client.getAttributes(rebuilt).cryptographicLength == 256)
        }
    }
}
