import KMIP
import KMIPClient
import KMIPCrypto
import KMIPServer
import KMIPSpec
import Testing
import TTLV

/// Get with a Key Wrapping Specification, through the client over mutual TLS: AES Key Wrap
/// (RFC 3394 and 5649 known answers), TTLV encoding with attributes, RSA-OAEP to a public key,
/// and the failures the spec names.
@Suite struct ServerKeyWrapTests: ServerTesting {
    static func hex(_ text: String) -> [UInt8] { hexBytes(Array(text.utf8)) ?? [] }

    /// Registers an Active AES key.
    func aesKey(_ client: KMIPClient, _ bytes: [UInt8], usage: CryptographicUsageMask, parameters: CryptographicParameters? = nil) async throws -> String {
        var attributes: Attributes = [try Attribute(.cryptographicUsageMask, usage)]
        if let parameters { attributes.list.append(try Attribute(.cryptographicParameters, parameters)) }
        let block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(bytes), cryptographicAlgorithm: .aes, cryptographicLength: Int32(bytes.count * 8))
        let key = try await client.register(.symmetricKey(SymmetricKey(keyBlock: block)), attributes: attributes)
        try await client.activate(key)
        return key
    }

    func getWrapped(_ client: KMIPClient, _ key: String, _ specification: KeyWrappingSpecification, version: KMIPVersion? = nil) async throws -> KeyBlock {
        let response = try await client.perform(GetRequest(uniqueIdentifier: key, keyWrappingSpecification: specification), expecting: GetResponse.self, version: version)
        return try #require(response.object.keyBlock)
    }

    static func encrypt(_ key: String, _ mode: BlockCipherMode? = .nistKeyWrap, encoding: EncodingOption? = nil, attributes: [String] = []) -> KeyWrappingSpecification {
        KeyWrappingSpecification(wrappingMethod: .encrypt,
                                 encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: key, cryptographicParameters: mode.map { CryptographicParameters(blockCipherMode: $0) }),
                                 attributeNames: attributes, encodingOption: encoding)
    }

    /// A key registered wrapped comes back as registered, or unwrapped with Key Wrap Type Not
    /// Wrapped by the key its Key Wrapping Data names (which needs Unwrap Key).
    @Test func keysRegisteredWrappedComeUnwrappedOnRequest() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            let kek = try await aesKey(client, Self.hex("000102030405060708090A0B0C0D0E0F"), usage: [.wrapKey, .unwrapKey])
            func get(_ key: String, _ type: KeyWrapType?) async throws -> KeyBlock {
                try #require(try await client.perform(GetRequest(uniqueIdentifier: key, keyFormatType: .raw, keyWrapType: type), expecting: GetResponse.self).object.keyBlock)
            }
            // RFC 3394 section 4.1, registered as the wrapped bytes (No Encoding).
            let wrapping = KeyWrappingData(wrappingMethod: .encrypt, encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: kek), encodingOption: .noEncoding)
            var block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes([]), cryptographicAlgorithm: .aes, cryptographicLength: 128)
            block.keyValue = .wrapped(Self.hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"))
            block.keyWrappingData = wrapping
            let registered = try await client.register(.symmetricKey(SymmetricKey(keyBlock: block)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.encrypt)])
            #expect(try await get(registered, .asRegistered).keyValue == block.keyValue)
            #expect(try await get(registered, nil).keyValue == block.keyValue)
            let plain = try await get(registered, .notWrapped)
            #expect(plain.keyValue == .plaintext(KeyValue(keyMaterial: .bytes(Self.hex("00112233445566778899AABBCCDDEEFF")))))
            #expect(plain.keyWrappingData == nil)
            // A key wrapped here with TTLV encoding, registered as it came, unwraps to the original.
            let original = try await aesKey(client, Self.hex("8899AABBCCDDEEFF0011223344556677"), usage: .encrypt)
            let wrapped = try await getWrapped(client, original, Self.encrypt(kek))
            let again = try await client.register(.symmetricKey(SymmetricKey(keyBlock: wrapped)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.encrypt)])
            #expect(try await get(again, .notWrapped).keyValue == .plaintext(KeyValue(keyMaterial: .bytes(Self.hex("8899AABBCCDDEEFF0011223344556677")))))
            // Raw bytes said to be a TTLV Key Value: refused, without quoting them.
            block.keyWrappingData = KeyWrappingData(wrappingMethod: .encrypt, encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: kek), encodingOption: .ttlvEncoding)
            let mislabelled = try await client.register(.symmetricKey(SymmetricKey(keyBlock: block)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.encrypt)])
            await expectFailure(.encodingOptionError) { _ = try await get(mislabelled, .notWrapped) }
            // A key that may wrap but not unwrap cannot.
            let wrapOnly = try await aesKey(client, Self.hex("000102030405060708090A0B0C0D0E0F"), usage: .wrapKey)
            block.keyWrappingData = KeyWrappingData(wrappingMethod: .encrypt, encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: wrapOnly), encodingOption: .noEncoding)
            let locked = try await client.register(.symmetricKey(SymmetricKey(keyBlock: block)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.encrypt)])
            await expectFailure(.incompatibleCryptographicUsageMask) { _ = try await get(locked, .notWrapped) }
        }
    }

    @Test func aesKeyWrapGivesTheRFCAnswers() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            // RFC 3394 section 4.1: a 128-bit key under a 128-bit KEK.
            let kek = try await aesKey(client, Self.hex("000102030405060708090A0B0C0D0E0F"), usage: .wrapKey, parameters: CryptographicParameters(blockCipherMode: .nistKeyWrap))
            let key = try await aesKey(client, Self.hex("00112233445566778899AABBCCDDEEFF"), usage: [.encrypt, .decrypt])
            let block = try await getWrapped(client, key, Self.encrypt(kek, encoding: .noEncoding))
            #expect(block.keyValue == .wrapped(Self.hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")))
            #expect(block.keyWrappingData?.wrappingMethod == .encrypt)
            #expect(block.keyWrappingData?.encryptionKeyInformation?.uniqueIdentifier == kek)
            #expect(block.keyWrappingData?.encodingOption == .noEncoding)
            #expect(block.cryptographicAlgorithm == .aes && block.cryptographicLength == 128)
            // RFC 5649 section 6: 20 and 7 bytes under a 192-bit KEK, with padding.
            let padKEK = try await aesKey(client, Self.hex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8"), usage: .wrapKey)
            for (secret, wrapped) in [("c37b7e6492584340bed12207808941155068f738", "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"),
                                      ("466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f")] {
                let block = KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(Self.hex(secret)))
                let data = try await client.register(.secretData(SecretData(secretDataType: .password, keyBlock: block)))
                let got = try await getWrapped(client, data, Self.encrypt(padKEK, .aesKeyWrapPadding, encoding: .noEncoding))
                #expect(got.keyValue == .wrapped(Self.hex(wrapped)))
                // Without padding, 20 bytes cannot be wrapped.
                await expectFailure(.badCryptographicParameters) { _ = try await getWrapped(client, data, Self.encrypt(padKEK, .nistKeyWrap, encoding: .noEncoding)) }
            }
            // The plain Get is unchanged.
            let plain = try await client.get(key)
            #expect(plain.object.keyBlock?.keyMaterial == .bytes(Self.hex("00112233445566778899AABBCCDDEEFF")))
        }
    }

    @Test(arguments: [KMIPVersion.v1_2, .v2_1])
    func ttlvEncodingWrapsTheKeyValueWithItsAttributes(_ version: KMIPVersion) async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: version)
            defer { Task { await client.shutdown() } }
            let kekBytes = try Random.bytes(32)
            let kek = try await aesKey(client, kekBytes, usage: [.wrapKey, .unwrapKey])
            let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt], name: "wrapped-\(version)")
            let block = try await getWrapped(client, key, Self.encrypt(kek, attributes: ["Cryptographic Usage Mask", "Name"]))
            #expect(block.keyWrappingData?.encodingOption == nil)
            guard case .wrapped(let wrapped)? = block.keyValue else {
                Issue.record("expected a wrapped Key Value")
                return
            }
            let encoded = try KeyWrap.unwrap(wrapped, kek: SecretBytes(kekBytes), padding: false).withUnsafeBytes { Array($0) }
            let value = try KeyValue(ttlv: TTLVDecoder.decode(encoded), version: version, format: .raw)
            let plain = try await client.get(key)
            #expect(value.keyMaterial == plain.object.keyBlock?.keyMaterial)
            #expect(try value.attributes?.cryptographicUsageMask == [.encrypt, .decrypt])
            #expect(Set(value.attributes?.list.map(\.name) ?? []) == [.standard(.name), .standard(.cryptographicUsageMask)])
        }
    }

    @Test func rsaOAEPWrapsToAPublicKey() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let (privateKey, publicKey) = try await client.createKeyPair(algorithm: .rsa, length: 2048, privateKeyUsage: [.decrypt, .unwrapKey], publicKeyUsage: [.wrapKey])
            try await client.activate(privateKey)
            try await client.activate(publicKey)
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let oaep = CryptographicParameters(paddingMethod: .oaep, hashingAlgorithm: .sha_256)
            let specification = KeyWrappingSpecification(wrappingMethod: .encrypt, encryptionKeyInformation: WrappingKeyInformation(uniqueIdentifier: publicKey, cryptographicParameters: oaep),
                                                         encodingOption: .noEncoding)
            let block = try await getWrapped(client, key, specification)
            guard case .wrapped(let wrapped)? = block.keyValue else {
                Issue.record("expected a wrapped Key Value")
                return
            }
            #expect(wrapped.count == 256)
            // The server's own private key opens it.
            let opened = try await client.decrypt(privateKey, data: wrapped, parameters: oaep)
            #expect(.bytes(opened) == (try await client.get(key)).object.keyBlock?.keyMaterial)
        }
    }

    @Test func wrappingFailuresCarryTheSpecReasons() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let notForWrapping = try await aesKey(client, try Random.bytes(16), usage: [.encrypt])
            await expectFailure(.incompatibleCryptographicUsageMask) { _ = try await getWrapped(client, key, Self.encrypt(notForWrapping)) }
            let preActive = try await client.create(symmetricKey: .aes, length: 128, usage: [.wrapKey])
            await expectFailure(.wrongKeyLifecycleState) { _ = try await getWrapped(client, key, Self.encrypt(preActive)) }
            await expectFailure(.wrappingObjectNotFound) { _ = try await getWrapped(client, key, Self.encrypt("no-such-key")) }
            let kek = try await aesKey(client, try Random.bytes(16), usage: [.wrapKey], parameters: CryptographicParameters(blockCipherMode: .nistKeyWrap))
            await expectFailure(.badCryptographicParameters) { _ = try await getWrapped(client, key, Self.encrypt(kek, .aesKeyWrapPadding)) }
            await expectFailure(.encodingOptionError) {
                _ = try await getWrapped(client, key, Self.encrypt(kek, encoding: .noEncoding, attributes: ["Name"]))
            }
            await expectFailure(.featureNotSupported) {
                _ = try await getWrapped(client, key, KeyWrappingSpecification(wrappingMethod: .macSign, macSignatureKeyInformation: WrappingKeyInformation(uniqueIdentifier: kek)))
            }
            await expectFailure(.missingData) { _ = try await getWrapped(client, key, KeyWrappingSpecification(wrappingMethod: .encrypt)) }
            // Another client's key cannot wrap.
            let bob = try self.client(server, as: Self.setup.bob)
            defer { Task { await bob.shutdown() } }
            let bobKey = try await bob.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            await expectFailure(.permissionDenied) { _ = try await getWrapped(bob, bobKey, Self.encrypt(kek)) }
            // A destroyed wrapping key.
            try await client.revoke(kek, reason: .cessationOfOperation)
            try await client.destroy(kek)
            await expectFailure(.wrappingObjectDestroyed) { _ = try await getWrapped(client, key, Self.encrypt(kek)) }
            await expectFailure(.itemNotFound) { _ = try await getWrapped(client, key, Self.encrypt(kek), version: .v1_4) }
        }
    }
}
