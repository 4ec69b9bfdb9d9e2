import KMIP
import Foundation
import KMIPClient
import KMIPCrypto
import KMIPServer
import KMIPSpec
import Testing
import TTLV

/// CMAC, Adjust Attribute, Locate's filters, Storage Status Mask and Object Group Member, and
/// Poll/Cancel, through the client over mutual TLS.
@Suite struct ServerOperationsTests: ServerTesting {
    static func hex(_ text: String) -> [UInt8] { hexBytes(Array(text.utf8)) ?? [] }

    @Test func cmacGivesTheRFC4493Answers() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.register(symmetricKey: Self.hex("2b7e151628aed2a6abf7158809cf4f3c"), algorithm: .aes, usage: [.macGenerate, .macVerify])
            try await client.activate(key)
            let cmac = CryptographicParameters(blockCipherMode: .cmac)
            // RFC 4493 section 4, examples 1 and 2.
            #expect(try await client.mac(key, data: [], parameters: cmac) == Self.hex("bb1d6929e95937287fa37d129b756746"))
            let message = Self.hex("6bc1bee22e409f96e93d7e117393172a")
            let tag = try await client.mac(key, data: message)
            #expect(tag == Self.hex("070a16b46b4d4144f79bdd9dd04a287c"))
            func verify(_ data: [UInt8], _ mac: [UInt8]) async throws -> ValidityIndicator? {
                try await client.perform(MACVerifyRequest(uniqueIdentifier: key, cryptographicParameters: cmac, data: data, macData: mac), expecting: MACVerifyResponse.self).validityIndicator
            }
            #expect(try await verify(message, tag) == .valid)
            #expect(try await verify(message + [0], tag) == .invalid)
            await expectFailure(.unsupportedCryptographicParameters) { _ = try await client.mac(key, data: message, parameters: CryptographicParameters(blockCipherMode: .cbc)) }
            let encryptOnly = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            try await client.activate(encryptOnly)
            await expectFailure(.incompatibleCryptographicUsageMask) { _ = try await client.mac(encryptOnly, data: message) }
        }
    }

    @Test func adjustAttributeIncrementsDecrementsAndNegates() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let counter = Attribute.Name.vendor(identification: "x", name: "counter")
            func adjust(_ name: Attribute.Name, _ type: AdjustmentType, _ amount: TTLVValue? = nil) async throws {
                _ = try await client.perform(AdjustAttributeRequest(uniqueIdentifier: key, attributeReference: AttributeReference(name), adjustmentType: type, adjustmentValue: amount),
                                             expecting: AdjustAttributeResponse.self)
            }
            func value(_ name: Attribute.Name) async throws -> TTLVValue? {
                try await client.getAttributes(key, [AttributeReference(name)]).list.first { $0.name == name }?.value
            }
            // A missing numeric attribute starts at 0.
            try await adjust(counter, .increment, .integer(5))
            #expect(try await value(counter) == .integer(5))
            try await adjust(counter, .decrement, .integer(7))
            #expect(try await value(counter) == .integer(-2))
            try await adjust(counter, .negate)
            #expect(try await value(counter) == .integer(2))
            try await adjust(counter, .increment)
            #expect(try await value(counter) == .integer(3))
            // Dates move by seconds.
            try await client.setAttribute(key, try Attribute(.activationDate, DateTime(secondsSince1970: 4_000_000_000)))
            try await adjust(.standard(.activationDate), .decrement, .interval(3600))
            #expect(try await value(.standard(.activationDate)) == .dateTime(4_000_000_000 - 3600))
            // Failures.
            await expectFailure(.numericRange) { try await adjust(counter, .increment, .integer(.max)) }
            await expectFailure(.readOnlyAttribute) { try await adjust(.standard(.cryptographicLength), .increment) }
            await expectFailure(.invalidDataType) { try await adjust(.standard(.activationDate), .negate) }
            try await client.addAttribute(key, Attribute(.vendor(identification: "x", name: "multi"), value: .integer(1)))
            try await client.addAttribute(key, Attribute(.vendor(identification: "x", name: "multi"), value: .integer(2)))
            await expectFailure(.multiValuedAttribute) { try await adjust(.vendor(identification: "x", name: "multi"), .increment) }
            try await client.addAttribute(key, Attribute(.vendor(identification: "x", name: "label"), value: .textString("text")))
            await expectFailure(.invalidDataType) { try await adjust(.vendor(identification: "x", name: "label"), .increment) }
            await expectFailure(.objectNotFound) {
                _ = try await client.perform(AdjustAttributeRequest(uniqueIdentifier: "nope", attributeReference: AttributeReference(counter), adjustmentType: .increment),
                                             expecting: AdjustAttributeResponse.self)
            }
        }
    }

    @Test func locateFiltersByEveryKindOfAttribute() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            let early = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt, .decrypt, .wrapKey], name: "early",
                                                attributes: [try Attribute(.activationDate, DateTime(secondsSince1970: 1_000))])
            let late = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt], name: "late",
                                               attributes: [try Attribute(.activationDate, DateTime(secondsSince1970: 5_000))])
            let (privateKey, publicKey) = try await client.createKeyPair(algorithm: .ec, length: 256, curve: .p_256)
            // Usage mask: every bit asked for.
            #expect(Set(try await client.locate([try Attribute(.cryptographicUsageMask, CryptographicUsageMask.encrypt)])) == [early, late])
            #expect(try await client.locate([try Attribute(.cryptographicUsageMask, CryptographicUsageMask([.encrypt, .wrapKey]))]) == [early])
            // Two instances of a date: an inclusive range; one: that exact date.
            let range: Attributes = [try Attribute(.activationDate, DateTime(secondsSince1970: 500)), try Attribute(.activationDate, DateTime(secondsSince1970: 1_000))]
            #expect(try await client.locate(range) == [early])
            #expect(try await client.locate([try Attribute(.activationDate, DateTime(secondsSince1970: 5_000))]) == [late])
            // Other attributes, alone and together.
            #expect(try await client.locate([try Attribute(.cryptographicLength, Int32(256)), try Attribute(.objectType, ObjectType.symmetricKey)]) == [late])
            #expect(try await client.locate([try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.ec)]).count == 2)
            // A Link matched by the linked identifier alone.
            let link = Attribute(.standard(.link), value: .structure([TTLVItem(tag: .linkedObjectIdentifier, .textString(publicKey))]))
            #expect(try await client.locate([link]) == [privateKey])
            #expect(try await client.locate([try Attribute(.objectType, ObjectType.certificate)]).isEmpty)
        }
    }

    @Test func storageStatusAndGroupMembersChooseObjects() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            let group = Attribute(.standard(.objectGroup), value: .textString("pool"))
            let first = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [group])
            let second = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [group])
            let third = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [group])
            // Fresh until served by Get; the most recently created first.
            #expect(try await client.locate([group], groupMember: .groupMemberFresh) == [third, second, first])
            _ = try await client.get(first)
            #expect(try await client.locate([group], groupMember: .groupMemberFresh) == [third, second])
            // The default member: the newest Active one.
            try await client.activate(second)
            #expect(try await client.locate([group], groupMember: .groupMemberDefault) == [second])
            // Archived objects only with Archival Storage; destroyed ones only with Destroyed Storage.
            _ = try await client.perform(ArchiveRequest(uniqueIdentifier: third), expecting: ArchiveResponse.self)
            try await client.destroy(first)
            #expect(try await client.locate([group]) == [second])
            #expect(try await client.locate([group], storageStatus: .archivalStorage) == [third])
            #expect(try await client.locate([group], storageStatus: .destroyedStorage) == [first])
            #expect(Set(try await client.locate([group], storageStatus: [.onLineStorage, .archivalStorage, .destroyedStorage])) == [first, second, third])
            // A Locate finding several objects empties the ID Placeholder; one sets it.
            let several = try await client.batch([LocateRequest(storageStatusMask: [.onLineStorage, .archivalStorage], attributes: [group]), GetAttributesRequest()], continueOnError: true)
            #expect(several.map(\.resultStatus) == [.success, .operationFailed])
            let one = try await client.batch([LocateRequest(attributes: [group]), GetAttributesRequest()])
            #expect(one.map(\.resultStatus) == [.success, .success])
        }
    }

    /// A request that asks for asynchronous answers gets Operation Pending; Poll runs the item
    /// and answers with its result, Cancel drops it, and only its own client can do either.
    @Test(arguments: [KMIPVersion.v1_2, .v2_1])
    func asynchronousRequestsWaitForPollOrCancel(_ version: KMIPVersion) async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: version)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], name: "later")
            func pendingLocate() async throws -> [UInt8]? {
                let indicator = version < .v2_0 ? TTLVItem(tag: .asynchronousIndicator, .boolean(true))
                    : TTLVItem(tag: .asynchronousIndicator, .enumeration(AsynchronousIndicator.optional.rawValue))
                let header = RequestHeader(protocolVersion: version, asynchronousIndicator: indicator, batchCount: 1)
                let locate = LocateRequest(attributes: [Attribute(.standard(.name), value: .structure([
                    TTLVItem(tag: .nameValue, .textString("later")), TTLVItem(tag: .nameType, .enumeration(NameType.uninterpretedTextString.rawValue)),
                ]))])
                let item = try await client.send(RequestMessage(header: header, batchItems: [RequestBatchItem(locate)])).batchItems.first
                #expect(item?.resultStatus == .operationPending)
                return item?.asynchronousCorrelationValue
            }
            guard let first = try await pendingLocate(), let second = try await pendingLocate() else {
                Issue.record("no correlation value")
                return
            }
            #expect(first != second)
            let reason: ResultReason = version < .v2_0 ? .itemNotFound : .invalidAsynchronousCorrelationValue
            let bob = try self.client(server, as: Self.setup.bob, version: version)
            defer { Task { await bob.shutdown() } }
            await expectFailure(reason) { _ = try await bob.perform(CancelRequest(asynchronousCorrelationValue: first), expecting: CancelResponse.self) }
            let polled = try await client.send(RequestMessage(version: version, [PollRequest(asynchronousCorrelationValue: first)])).batchItems.first
            #expect(polled?.operation == .locate)
            #expect((polled?.payload as? LocateResponse)?.uniqueIdentifiers == [key])
            await expectFailure(reason) { _ = try await client.perform(PollRequest(asynchronousCorrelationValue: first), expecting: PollResponse.self) }
            let canceled = try await client.perform(CancelRequest(asynchronousCorrelationValue: second), expecting: CancelResponse.self)
            #expect(canceled.cancellationResult == .canceled)
            await expectFailure(reason) { _ = try await client.perform(CancelRequest(asynchronousCorrelationValue: second), expecting: CancelResponse.self) }
        }
    }

    @Test(arguments: [KMIPVersion.v1_4, .v2_1])
    func pollAndCancelFindNoPendingOperation(_ version: KMIPVersion) async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: version)
            defer { Task { await client.shutdown() } }
            let reason: ResultReason = version < .v2_0 ? .itemNotFound : .invalidAsynchronousCorrelationValue
            await expectFailure(reason) { _ = try await client.perform(PollRequest(asynchronousCorrelationValue: [1, 2, 3]), expecting: PollResponse.self) }
            await expectFailure(reason) { _ = try await client.perform(CancelRequest(asynchronousCorrelationValue: [1, 2, 3]), expecting: CancelResponse.self) }
        }
    }

    @Test(arguments: [KMIPVersion.v1_4, .v2_0, .v2_1])
    func protectStopAndProcessStartDatesAreHonoured(_ version: KMIPVersion) async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: version)
            defer { Task { await client.shutdown() } }
            let now = Int64(Date().timeIntervalSince1970)
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt, .decrypt], attributes: [
                try Attribute(.activationDate, DateTime(secondsSince1970: now - 3600)),
                try Attribute(.protectStopDate, DateTime(secondsSince1970: now - 3600)),
                try Attribute(.processStartDate, DateTime(secondsSince1970: now + 3600)),
            ])
            let reason: ResultReason = version >= .v2_1 ? .wrongKeyLifecycleState : .permissionDenied
            await expectFailure(reason) { _ = try await client.encrypt(key, data: [1, 2, 3]) }
            await expectFailure(reason) { _ = try await client.decrypt(key, data: [UInt8](repeating: 0, count: 16), iv: [UInt8](repeating: 0, count: 16)) }
            // Inside both dates the key works.
            let usable = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt, .decrypt], attributes: [
                try Attribute(.activationDate, DateTime(secondsSince1970: now - 3600)),
                try Attribute(.protectStopDate, DateTime(secondsSince1970: now + 3600)),
                try Attribute(.processStartDate, DateTime(secondsSince1970: now - 60)),
            ])
            let block = [UInt8](repeating: 7, count: 16)
            let sealed = try await client.encrypt(usable, data: block)
            #expect(try await client.decrypt(usable, data: sealed.data ?? [], iv: sealed.ivCounterNonce) == block)
        }
    }

    @Test func newObjectsCarryShortUniqueIdentifierAndLeaseTime() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let attributes = try await client.getAttributes(key)
            let short = attributes.list.first { $0.name == .standard(.shortUniqueIdentifier) }?.value
            #expect(short == .byteString(try Digest.hash(Array(key.utf8), algorithm: .sha256)))
            #expect(attributes.list.contains { $0.name == .standard(.leaseTime) && $0.value == .interval(3600) })
            await expectFailure(.attributeReadOnly) { try await client.setAttribute(key, Attribute(.standard(.shortUniqueIdentifier), value: .byteString([1]))) }
            // A 1.x client is not shown the 2.x attribute.
            let old = try self.client(server, as: Self.setup.alice, version: .v1_4)
            defer { Task { await old.shutdown() } }
            #expect(try attributes.value(.keyFormatType, as: KeyFormatType.self) == .raw)
            #expect(try attributes.value(.protectionStorageMask, as: ProtectionStorageMask.self) == .software)
            let oldAttributes = try await old.getAttributes(key).list
            #expect(!oldAttributes.contains { $0.name == .standard(.shortUniqueIdentifier) || $0.name == .standard(.keyFormatType) })
        }
    }

    @Test func sensitiveAndNonExtractableKeysAreNotGiven() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let sensitive = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [try Attribute(.sensitive, true)])
            await expectFailure(.sensitive) { _ = try await client.get(sensitive) }
            let attributes = try await client.getAttributes(sensitive)
            #expect(try attributes.value(.alwaysSensitive, as: Bool.self) == true)
            #expect(try attributes.value(.neverExtractable, as: Bool.self) == false)
            // Wrapped, a sensitive key may leave.
            let kek = try await client.create(symmetricKey: .aes, length: 256, usage: [.wrapKey])
            try await client.activate(kek)
            let wrapped = try await client.perform(GetRequest(uniqueIdentifier: sensitive, keyWrappingSpecification: KeyWrappingSpecification(
                wrappingMethod: .encrypt, encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: kek))), expecting: GetResponse.self)
            guard case .wrapped? = wrapped.object.keyBlock?.keyValue else {
                Issue.record("expected a wrapped key")
                return
            }
            let locked = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [try Attribute(.extractable, false)])
            await expectFailure(.notExtractable) { _ = try await client.get(locked) }
            #expect(try await client.getAttributes(locked).value(.neverExtractable, as: Bool.self) == true)
            let plain = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            #expect(try await client.getAttributes(plain).value(.sensitive, as: Bool.self) == false)
            _ = try await client.get(plain)
        }
    }

    @Test func singleValuedAttributesTakeOneValue() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], name: "first")
            try await client.addAttribute(key, Attribute(.standard(.description), value: .textString("one")))
            await expectFailure(.attributeSingleValued) { try await client.addAttribute(key, Attribute(.standard(.description), value: .textString("two"))) }
            // Names, groups and custom attributes may repeat.
            try await client.addAttribute(key, Attribute(.standard(.name), value: .structure([
                TTLVItem(tag: .nameValue, .textString("second")), TTLVItem(tag: .nameType, .enumeration(NameType.uninterpretedTextString.rawValue)),
            ])))
            try await client.addAttribute(key, Attribute(.vendor(identification: "x", name: "tag"), value: .textString("a")))
            try await client.addAttribute(key, Attribute(.vendor(identification: "x", name: "tag"), value: .textString("b")))
            #expect(try await client.getAttributes(key).list.filter { $0.name == .standard(.name) }.count == 2)
            // Names are unique (2.x): not on another object, nor twice on one.
            await expectFailure(.nonUniqueNameAttribute) { _ = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], name: "first") }
            await expectFailure(.nonUniqueNameAttribute) {
                try await client.addAttribute(key, Attribute(.standard(.name), value: .structure([
                    TTLVItem(tag: .nameValue, .textString("second")), TTLVItem(tag: .nameType, .enumeration(NameType.uninterpretedTextString.rawValue)),
                ])))
            }
            let other = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], name: "third")
            #expect(other != key)
        }
    }

    @Test func usageLimitsAndActivationDateChangesAreEnforced() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let limits = Attribute(.standard(.usageLimits), value: .structure([
                TTLVItem(tag: .usageLimitsTotal, .longInteger(32)), TTLVItem(tag: .usageLimitsUnit, .enumeration(UsageLimitsUnit.byte.rawValue)),
            ]))
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [limits])
            try await client.activate(key)
            let ecb = CryptographicParameters(blockCipherMode: .ecb)
            let block = [UInt8](repeating: 1, count: 16)
            _ = try await client.encrypt(key, data: block, parameters: ecb)
            _ = try await client.encrypt(key, data: block, parameters: ecb)
            await expectFailure(.permissionDenied) { _ = try await client.encrypt(key, data: block, parameters: ecb) }
            let left = try await client.getAttributes(key).list.first { $0.name == .standard(.usageLimits) }?.value
            guard case .structure(let fields)? = left else {
                Issue.record("expected Usage Limits")
                return
            }
            #expect(fields.first { $0.tag == .usageLimitsCount }?.value == TTLVValue.longInteger(0))
            try await client.revoke(key, reason: .cessationOfOperation)
            let reason = try await client.getAttributes(key).list.first { $0.name == .standard(.revocationReason) }?.value
            #expect(reason == (try RevocationReason(.cessationOfOperation).ttlv(.revocationReason, version: .v2_1).value))
            // The Activation Date of a key no longer Pre-Active is fixed.
            await expectFailure(.wrongKeyLifecycleState) { try await client.modifyAttribute(key, try Attribute(.activationDate, DateTime(secondsSince1970: 1_000))) }
            let old = try self.client(server, as: Self.setup.alice, version: .v1_4)
            defer { Task { await old.shutdown() } }
            await expectFailure(.permissionDenied) { try await old.modifyAttribute(key, try Attribute(.activationDate, DateTime(secondsSince1970: 1_000))) }
        }
    }

    /// Usage Limits count only applying protection (Encrypt, Sign, MAC), never decrypting or
    /// verifying, and never a request that fails; Check compares what remains.
    @Test func usageLimitsCountOnlyProtectionThatSucceeds() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let uses = { (total: Int64) in
                Attribute(.standard(.usageLimits), value: .structure([
                    TTLVItem(tag: .usageLimitsTotal, .longInteger(total)), TTLVItem(tag: .usageLimitsUnit, .enumeration(UsageLimitsUnit.object.rawValue)),
                ]))
            }
            func remaining(_ id: String) async throws -> Int64? {
                guard case .structure(let fields)? = try await client.getAttributes(id).list.first(where: { $0.name == .standard(.usageLimits) })?.value,
                      case .longInteger(let count)? = fields.first(where: { $0.tag == .usageLimitsCount })?.value else { return nil }
                return count
            }
            func check(_ id: String, _ count: Int64) async throws {
                _ = try await client.perform(CheckRequest(uniqueIdentifier: id, usageLimitsCount: count), expecting: CheckResponse.self)
            }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt, .decrypt], attributes: [uses(2)])
            try await client.activate(key)
            let ecb = CryptographicParameters(blockCipherMode: .ecb, paddingMethod: PaddingMethod.none)
            let sealed = try await client.encrypt(key, data: [UInt8](repeating: 7, count: 16), parameters: ecb)
            #expect(try await remaining(key) == 1)
            for _ in 0..<3 { _ = try await client.decrypt(key, data: sealed.data ?? [], parameters: ecb) }
            // 15 bytes cannot be encrypted without padding: refused, and nothing is used up.
            await expectFailure(.badCryptographicParameters) { _ = try await client.encrypt(key, data: [UInt8](repeating: 7, count: 15), parameters: ecb) }
            #expect(try await remaining(key) == 1)
            try await check(key, 1)
            await expectFailure(.usageLimitExceeded) { try await check(key, 2) }
            _ = try await client.encrypt(key, data: [UInt8](repeating: 7, count: 16), parameters: ecb)
            await expectFailure(.usageLimitExceeded) { try await check(key, 1) }
            await expectFailure(.permissionDenied) { _ = try await client.encrypt(key, data: [UInt8](repeating: 7, count: 16), parameters: ecb) }
            #expect(try await client.decrypt(key, data: sealed.data ?? [], parameters: ecb) == [UInt8](repeating: 7, count: 16))
            let old = try self.client(server, as: Self.setup.alice, version: .v1_4)
            defer { Task { await old.shutdown() } }
            await expectFailure(.permissionDenied) { _ = try await old.perform(CheckRequest(uniqueIdentifier: key, usageLimitsCount: 1), expecting: CheckResponse.self) }

            let macKey = try await client.create(symmetricKey: .hmac_SHA256, length: 256, usage: [.macGenerate], attributes: [uses(1)])
            try await client.activate(macKey)
            _ = try await client.mac(macKey, data: [1, 2, 3])
            await expectFailure(.permissionDenied) { _ = try await client.mac(macKey, data: [1, 2, 3]) }

            let pair = try await client.createKeyPair(algorithm: .ec, length: 256, curve: .p_256)
            try await client.addAttribute(pair.privateKey, uses(1))
            try await client.activate(pair.privateKey)
            try await client.activate(pair.publicKey)
            let ecdsa = CryptographicParameters(digitalSignatureAlgorithm: .ecdsaWithSHA256)
            let signature = try await client.sign(pair.privateKey, data: [4, 5, 6], parameters: ecdsa)
            await expectFailure(.permissionDenied) { _ = try await client.sign(pair.privateKey, data: [4, 5, 6], parameters: ecdsa) }
            #expect(try await client.signatureVerify(pair.publicKey, data: [4, 5, 6], signature: signature, parameters: ecdsa))
        }
    }

    /// Multi-part Encrypt and Decrypt: a run begun with the Init Indicator goes on under its
    /// Correlation Value and ends with the Final Indicator; only its owner can use it, with
    /// the same key, and a finished run is gone.
    @Test func multiPartEncryptAndDecrypt() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            let other = try self.client(server, as: Self.setup.bob, version: .v2_1)
            defer { Task { await client.shutdown(); await other.shutdown() } }
            let limits = Attribute(.standard(.usageLimits), value: .structure([
                TTLVItem(tag: .usageLimitsTotal, .longInteger(1000)), TTLVItem(tag: .usageLimitsUnit, .enumeration(UsageLimitsUnit.byte.rawValue)),
            ]))
            let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt], attributes: [limits])
            try await client.activate(key)
            let cbc = CryptographicParameters(blockCipherMode: .cbc, paddingMethod: .pkcs5)
            let data = (0..<100).map { UInt8($0) }
            let first = try await client.perform(EncryptRequest(uniqueIdentifier: key, cryptographicParameters: cbc, data: Array(data[0..<30]), initIndicator: true),
                                                 expecting: EncryptResponse.self)
            let correlation = try #require(first.correlationValue)
            let iv = try #require(first.ivCounterNonce)
            func next(_ range: Range<Int>, final: Bool = false) async throws -> EncryptResponse {
                try await client.perform(EncryptRequest(uniqueIdentifier: key, data: Array(data[range]), correlationValue: correlation, finalIndicator: final),
                                         expecting: EncryptResponse.self)
            }
            let middle = try await next(30..<60)
            #expect(middle.correlationValue == correlation)
            // Another client (whose the key is not) or another direction cannot use the run.
            await expectFailure(.permissionDenied) {
                _ = try await other.perform(EncryptRequest(uniqueIdentifier: key, data: [1], correlationValue: correlation), expecting: EncryptResponse.self)
            }
            await expectFailure(.invalidCorrelationValue) {
                _ = try await client.perform(DecryptRequest(uniqueIdentifier: key, data: [1], correlationValue: correlation), expecting: DecryptResponse.self)
            }
            let last = try await next(60..<100, final: true)
            #expect(last.correlationValue == nil)
            let ciphertext = (first.data ?? []) + (middle.data ?? []) + (last.data ?? [])
            #expect(try await client.decrypt(key, data: ciphertext, parameters: cbc, iv: iv) == data)
            await expectFailure(.invalidCorrelationValue) { _ = try await next(0..<1) }

            // Decrypt in parts; bytes count against the Usage Limits as they go (100 encrypted
            // before, decrypting is free).
            let opened = try await client.perform(DecryptRequest(uniqueIdentifier: key, cryptographicParameters: cbc, data: Array(ciphertext[0..<50]),
                                                                 ivCounterNonce: iv, initIndicator: true), expecting: DecryptResponse.self)
            let rest = try await client.perform(DecryptRequest(uniqueIdentifier: key, data: Array(ciphertext[50...]), correlationValue: opened.correlationValue,
                                                               finalIndicator: true), expecting: DecryptResponse.self)
            #expect((opened.data ?? []) + (rest.data ?? []) == data)
            guard case .structure(let fields)? = try await client.getAttributes(key).list.first(where: { $0.name == .standard(.usageLimits) })?.value else {
                Issue.record("expected Usage Limits")
                return
            }
            #expect(fields.first { $0.tag == .usageLimitsCount }?.value == .longInteger(900))

            // A key revoked during a run cannot go on with it.
            let run = try await client.perform(EncryptRequest(uniqueIdentifier: key, cryptographicParameters: cbc, data: [1], initIndicator: true),
                                               expecting: EncryptResponse.self)
            try await client.revoke(key, reason: .cessationOfOperation)
            await expectFailure(.wrongKeyLifecycleState) {
                _ = try await client.perform(EncryptRequest(uniqueIdentifier: key, data: [2], correlationValue: run.correlationValue, finalIndicator: true),
                                             expecting: EncryptResponse.self)
            }

            // A client keeps at most 64 runs open (the one just refused its next part is one).
            let spare = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            try await client.activate(spare)
            for _ in 0..<63 {
                _ = try await client.perform(EncryptRequest(uniqueIdentifier: spare, cryptographicParameters: cbc, data: [1], initIndicator: true), expecting: EncryptResponse.self)
            }
            await expectFailure(.serverLimitExceeded) {
                _ = try await client.perform(EncryptRequest(uniqueIdentifier: spare, cryptographicParameters: cbc, data: [1], initIndicator: true), expecting: EncryptResponse.self)
            }
        }
    }

    /// Hash, MAC, MAC Verify, Sign and Signature Verify in parts give what the whole request
    /// gives; the answer comes with the last part.
    @Test func multiPartDigestsMACsAndSignatures() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let data = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
            let parts = [Array(data[0..<1]), Array(data[1..<200]), [], Array(data[200...])]
            /// Sends `parts` through `request` (first part, correlation, final) and returns the last answer.
            func inParts<Response: ResponsePayload>(
                _ expecting: Response.Type, _ request: ([UInt8], [UInt8]?, Bool) -> any RequestPayload, correlation: (Response) -> [UInt8]?
            ) async throws -> Response {
                var value: [UInt8]?
                var last: Response?
                for (index, part) in parts.enumerated() {
                    let response = try await client.perform(request(part, value, index == parts.count - 1), expecting: Response.self)
                    if index < parts.count - 1 {
                        value = correlation(response)
                        try #require(value != nil, "part \(index) got no Correlation Value")
                    }
                    last = response
                }
                return try #require(last)
            }

            let sha256 = CryptographicParameters(hashingAlgorithm: .sha_256)
            let whole = try await client.perform(HashRequest(.sha_256, data: data), expecting: HashResponse.self)
            let hashed = try await inParts(HashResponse.self, { part, value, final in
                HashRequest(cryptographicParameters: sha256, data: part, correlationValue: value, initIndicator: value == nil ? true : nil, finalIndicator: final ? true : nil)
            }, correlation: \.correlationValue)
            #expect(hashed.data == whole.data)

            let macKey = try await client.create(symmetricKey: .hmac_SHA256, length: 256, usage: [.macGenerate, .macVerify])
            try await client.activate(macKey)
            let mac = try await client.mac(macKey, data: data)
            let streamedMAC = try await inParts(MACResponse.self, { part, value, final in
                MACRequest(uniqueIdentifier: macKey, data: part, correlationValue: value, initIndicator: value == nil ? true : nil, finalIndicator: final ? true : nil)
            }, correlation: \.correlationValue)
            #expect(streamedMAC.macData == mac)
            for (expected, validity) in [(mac, ValidityIndicator.valid), (Array(mac.reversed()), .invalid)] {
                let checked = try await inParts(MACVerifyResponse.self, { part, value, final in
                    MACVerifyRequest(uniqueIdentifier: macKey, data: part, macData: value == nil ? expected : nil, correlationValue: value,
                                     initIndicator: value == nil ? true : nil, finalIndicator: final ? true : nil)
                }, correlation: \.correlationValue)
                #expect(checked.validityIndicator == validity)
            }

            let pair = try await client.createKeyPair(algorithm: .ec, length: 256, curve: .p_256)
            try await client.activate(pair.privateKey)
            try await client.activate(pair.publicKey)
            let ecdsa = CryptographicParameters(digitalSignatureAlgorithm: .ecdsaWithSHA256)
            let signed = try await inParts(SignResponse.self, { part, value, final in
                SignRequest(uniqueIdentifier: pair.privateKey, cryptographicParameters: ecdsa, data: part, correlationValue: value,
                            initIndicator: value == nil ? true : nil, finalIndicator: final ? true : nil)
            }, correlation: \.correlationValue)
            #expect(try await client.signatureVerify(pair.publicKey, data: data, signature: signed.signatureData ?? [], parameters: ecdsa))
            let signature = try await client.sign(pair.privateKey, data: data, parameters: ecdsa)
            let verified = try await inParts(SignatureVerifyResponse.self, { part, value, final in
                SignatureVerifyRequest(uniqueIdentifier: pair.publicKey, cryptographicParameters: ecdsa, data: part, signatureData: final ? signature : nil,
                                       correlationValue: value, initIndicator: value == nil ? true : nil, finalIndicator: final ? true : nil)
            }, correlation: \.correlationValue)
            #expect(verified.validityIndicator == .valid)
            // Digested Data is signed whole only.
            await expectFailure(.invalidField) {
                _ = try await client.perform(SignRequest(uniqueIdentifier: pair.privateKey, cryptographicParameters: ecdsa, digestedData: [UInt8](repeating: 1, count: 32),
                                                         initIndicator: true), expecting: SignResponse.self)
            }
            // A MAC Verify whose parts never gave the MAC Data.
            let open = try await client.perform(MACVerifyRequest(uniqueIdentifier: macKey, data: [1], initIndicator: true), expecting: MACVerifyResponse.self)
            await expectFailure(.missingData) {
                _ = try await client.perform(MACVerifyRequest(uniqueIdentifier: macKey, data: [2], correlationValue: open.correlationValue, finalIndicator: true),
                                             expecting: MACVerifyResponse.self)
            }
        }
    }

    /// Derive Key with PBKDF2, HASH, HMAC, ENCRYPT and HKDF gives the known answers, links the
    /// new key and its base both ways, and refuses bases without Derive Key and lengths beyond
    /// what a method gives.
    @Test func deriveKeyGivesTheKnownAnswers() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            func secret(_ bytes: [UInt8], usage: CryptographicUsageMask = .deriveKey) async throws -> String {
                let id = try await client.register(.secretData(SecretData(secretDataType: .seed, keyBlock: KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(bytes)))),
                                                   attributes: [try Attribute(.cryptographicUsageMask, usage)])
                try await client.activate(id)
                return id
            }
            func derive(_ base: [String], _ method: DerivationMethod, _ parameters: DerivationParameters, bits: Int32 = 128, type: ObjectType = .symmetricKey) async throws -> String {
                var attributes: Attributes = [try Attribute(.cryptographicLength, bits)]
                if type == .symmetricKey { attributes.list.append(try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes)) }
                let request = DeriveKeyRequest(objectType: type, uniqueIdentifiers: base, derivationMethod: method, derivationParameters: parameters, attributes: attributes)
                return try await client.perform(request, expecting: DeriveKeyResponse.self).uniqueIdentifier
            }
            func material(_ id: String) async throws -> [UInt8] {
                guard case .bytes(let bytes)? = try await client.get(id).object.keyBlock?.keyMaterial else { return [] }
                return bytes
            }
            // RFC 6070: PBKDF2-HMAC-SHA1("password", "salt", 4096).
            let password = try await secret(Array("password".utf8))
            let pbkdf2 = try await derive([password], .pbkdf2, DerivationParameters(salt: Array("salt".utf8), iterationCount: 4096))
            #expect(try await material(pbkdf2) == Self.hex("4b007901b765489abead49d926f721d0"))
            let links = try await client.getAttributes(pbkdf2).all(.link).map(\.value)
            #expect(links.contains(.structure([TTLVItem(tag: .linkType, .enumeration(LinkType.derivationBaseObjectLink.rawValue)), TTLVItem(tag: .linkedObjectIdentifier, .textString(password))])))
            #expect(try await client.getAttributes(password).all(.link).map(\.value).contains(.structure([
                TTLVItem(tag: .linkType, .enumeration(LinkType.derivedKeyLink.rawValue)), TTLVItem(tag: .linkedObjectIdentifier, .textString(pbkdf2)),
            ])))
            // RFC 5869 test case 1 (HKDF-SHA256), 42 bytes of Secret Data.
            let ikm = try await secret([UInt8](repeating: 0x0b, count: 22))
            let hkdf = try await derive([ikm], .hkdf, DerivationParameters(derivationData: [Self.hex("f0f1f2f3f4f5f6f7f8f9")], salt: Self.hex("000102030405060708090a0b0c")),
                                        bits: 336, type: .secretData)
            #expect(try await material(hkdf) == Self.hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
            // HASH of the key, HMAC and ENCRYPT (AES-128-ECB) of the Derivation Data.
            let key = try await secret(Self.hex("00112233445566778899aabbccddeeff"))
            let sha256 = CryptographicParameters(hashingAlgorithm: .sha_256)
            #expect(try await material(try await derive([key], .hash, DerivationParameters(cryptographicParameters: sha256))) == Self.hex("a8faed6abbf35c12a4b26e40f6feb19d"))
            let hmac = try await derive([key], .hmac, DerivationParameters(cryptographicParameters: sha256, derivationData: [[1, 2]]), bits: 256)
            #expect(try await material(hmac) == HMAC.authenticate([1, 2], key: SecretBytes(Self.hex("00112233445566778899aabbccddeeff")), digest: .sha256))
            let ecb = CryptographicParameters(blockCipherMode: .ecb, cryptographicAlgorithm: .aes)
            let encrypted = try await derive([key], .encrypt, DerivationParameters(cryptographicParameters: ecb, derivationData: [Self.hex("00112233445566778899aabbccddeeff")]))
            #expect(try await material(encrypted) == Self.hex("62f679be2bf0d931641e039ca3401bb2"))
            // A base without Derive Key, more bits than SHA-256 gives, too many PBKDF2 iterations.
            await expectFailure(.invalidField) { _ = try await derive([password], .pbkdf2, DerivationParameters(salt: [1], iterationCount: 100_001)) }
            let plain = try await secret([1, 2, 3], usage: .encrypt)
            await expectFailure(.incompatibleCryptographicUsageMask) { _ = try await derive([plain], .hash, DerivationParameters(cryptographicParameters: sha256)) }
            await expectFailure(.invalidField) { _ = try await derive([key], .hash, DerivationParameters(cryptographicParameters: sha256), bits: 512, type: .secretData) }
        }
    }

    /// Derive Key with Asymmetric Key: ECDH of a private key and the other party's public key
    /// gives RFC 5903's answer, and the same key both ways on secp256k1 (TC-DERIVEKEY-6); a
    /// symmetric key or two keys on different curves are refused.
    @Test func deriveKeyAgreesWithECDH() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            func derive(_ base: [String], bits: Int32 = 256, algorithm: CryptographicAlgorithm = .aes) async throws -> [UInt8] {
                let attributes: Attributes = [try Attribute(.cryptographicAlgorithm, algorithm), try Attribute(.cryptographicLength, bits)]
                let request = DeriveKeyRequest(objectType: .symmetricKey, uniqueIdentifiers: base, derivationMethod: .asymmetricKey,
                                               derivationParameters: DerivationParameters(cryptographicParameters: CryptographicParameters(cryptographicAlgorithm: .ecdh)),
                                               attributes: attributes)
                let id = try await client.perform(request, expecting: DeriveKeyResponse.self).uniqueIdentifier
                guard case .bytes(let bytes)? = try await client.get(id).object.keyBlock?.keyMaterial else { return [] }
                return bytes
            }
            func activated(_ id: String) async throws -> String {
                try await client.activate(id)
                return id
            }
            // RFC 5903 section 8.1: the initiator's private key, the responder's public key.
            let usage = try Attribute(.cryptographicUsageMask, CryptographicUsageMask.deriveKey)
            let initiator = try await activated(client.register(.privateKey(PrivateKey(keyBlock: KeyBlock(
                keyFormatType: .transparentECPrivateKey,
                keyMaterial: .ecPrivateKey(TransparentECPrivateKey(recommendedCurve: .p_256, d: BigInteger(bytes: Self.hex("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433")))),
                cryptographicAlgorithm: .ec, cryptographicLength: 256))), attributes: [usage]))
            let point = [0x04] + Self.hex("d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63") + Self.hex("56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab")
            let responder = try await activated(client.register(.publicKey(PublicKey(keyBlock: KeyBlock(
                keyFormatType: .transparentECPublicKey, keyMaterial: .ecPublicKey(TransparentECPublicKey(recommendedCurve: .p_256, qString: point)),
                cryptographicAlgorithm: .ec, cryptographicLength: 256))), attributes: [usage]))
            #expect(try await derive([initiator, responder]) == Self.hex("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"))
            #expect(try await derive([responder, initiator], bits: 128) == Self.hex("d6840f6b42f6edafd13116e0e1256520"))
            // Two secp256k1 pairs agree both ways.
            func pair(_ curve: RecommendedCurve) async throws -> (privateKey: String, publicKey: String) {
                let pair = try await client.createKeyPair(algorithm: .ec, length: 256, privateKeyUsage: .deriveKey, publicKeyUsage: .deriveKey, curve: curve)
                return (try await activated(pair.privateKey), try await activated(pair.publicKey))
            }
            let alice = try await pair(.secp256K1), bob = try await pair(.secp256K1)
            let agreed = try await derive([alice.privateKey, bob.publicKey])
            #expect(agreed.count == 32)
            #expect(try await derive([bob.privateKey, alice.publicKey]) == agreed)
            // More bits than the secret, two private keys, keys on two curves.
            await expectFailure(.invalidField) { _ = try await derive([alice.privateKey, bob.publicKey], bits: 384, algorithm: .hmac_SHA384) }
            await expectFailure(.invalidObjectType) { _ = try await derive([alice.privateKey, bob.privateKey]) }
            await expectFailure(.invalidField) { _ = try await derive([initiator, bob.publicKey]) }
        }
    }

    @Test func chaCha20AndPoly1305GiveTheKnownAnswers() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            func register(_ key: [UInt8], _ algorithm: CryptographicAlgorithm) async throws -> String {
                let block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(key), cryptographicAlgorithm: algorithm, cryptographicLength: 256)
                let id = try await client.register(.symmetricKey(SymmetricKey(keyBlock: block)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask([.encrypt, .decrypt]))])
                try await client.activate(id)
                return id
            }
            // The original ChaCha20 (64-bit nonce): the all-zero key and nonce.
            let stream = try await register([UInt8](repeating: 0, count: 32), .chaCha20)
            let zeros = [UInt8](repeating: 0, count: 64)
            let keystream = try await client.encrypt(stream, data: zeros, iv: [UInt8](repeating: 0, count: 8))
            #expect(keystream.data == Self.hex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"))
            #expect(try await client.decrypt(stream, data: keystream.data ?? [], iv: [UInt8](repeating: 0, count: 8)) == zeros)
            // RFC 8439 section 2.8.2.
            let aead = try await register(Self.hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"), .chaCha20Poly1305)
            let plaintext = Array("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8)
            let nonce = Self.hex("070000004041424344454647"), aad = Self.hex("50515253c0c1c2c3c4c5c6c7")
            let parameters = CryptographicParameters(blockCipherMode: .aead, tagLength: 16)
            let sealed = try await client.encrypt(aead, data: plaintext, parameters: parameters, iv: nonce, additionalData: aad)
            #expect(sealed.authenticatedEncryptionTag == Self.hex("1ae10b594f09e26a7e902ecbd0600691"))
            #expect(sealed.data?.prefix(16) == Self.hex("d31a8d34648e60db7b86afbc53ef7ec2")[...])
            #expect(try await client.decrypt(aead, data: sealed.data ?? [], parameters: parameters, iv: nonce, additionalData: aad, tag: sealed.authenticatedEncryptionTag) == plaintext)
            // A truncated tag (Tag Length 12) still opens it.
            let short = CryptographicParameters(blockCipherMode: .aead, tagLength: 12)
            #expect(try await client.decrypt(aead, data: sealed.data ?? [], parameters: short, iv: nonce, additionalData: aad, tag: Array(sealed.authenticatedEncryptionTag?.prefix(12) ?? [])) == plaintext)
            await expectFailure(.generalFailure) {
                _ = try await client.encrypt(aead, data: plaintext, parameters: CryptographicParameters(blockCipherMode: .aead, tagLength: 1), iv: nonce)
            }
            var forged = sealed.authenticatedEncryptionTag ?? []
            forged[0] ^= 1
            await expectFailure(.cryptographicFailure) { _ = try await client.decrypt(aead, data: sealed.data ?? [], parameters: parameters, iv: nonce, additionalData: aad, tag: forged) }
        }
    }
}
