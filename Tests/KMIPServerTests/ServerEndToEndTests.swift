import Foundation
import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTLS
import NIOCore
import NIOPosix
import Testing
import TTLV

/// The mock server through the client, over mutual TLS on loopback.
@Suite struct ServerEndToEndTests: ServerTesting {
    @Test(arguments: [KMIPVersion.v1_0, .v1_2, .v1_4, .v2_0, .v2_1])
    func keyLifecycle(_ version: KMIPVersion) async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: version)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt], name: "k-\(version)")
            let got = try await client.get(key)
            guard case .symmetricKey(let symmetric) = got.object, case .bytes(let bytes)? = symmetric.keyBlock.keyMaterial else {
                Issue.record("expected raw key material")
                return
            }
            #expect(bytes.count == 32)
            #expect(try await client.locate(name: "k-\(version)") == [key])
            var attributes = try await client.getAttributes(key)
            #expect(try attributes.state == .preActive)
            #expect(try attributes.cryptographicAlgorithm == .aes)
            #expect(try attributes.uniqueIdentifier == key)
            try await client.activate(key)
            let wrongState: ResultReason = version < .v2_0 ? .illegalOperation : .wrongKeyLifecycleState
            await expectFailure(wrongState) { try await client.activate(key) }
            // Destroying an Active key: Permission Denied before 2.1, as the AKLC/SKLC vectors record.
            await expectFailure(version < .v2_1 ? .permissionDenied : .wrongKeyLifecycleState) { try await client.destroy(key) }
            try await client.revoke(key, reason: .cessationOfOperation)
            attributes = try await client.getAttributes(key, [AttributeReference(.state)])
            #expect(try attributes.state == .deactivated)
            try await client.destroy(key)
            await expectFailure(version < .v2_0 ? .itemNotFound : .objectDestroyed) { _ = try await client.get(key) }
        }
    }

    @Test func discoveryAndQuery() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            #expect(try await client.discoverVersions() == Array(KMIPVersion.all.reversed()))
            #expect(try await client.protocolVersion() == .v2_1)
            let query = try await client.query([.queryOperations, .queryObjects, .queryServerInformation])
            #expect(Set(query.operations).isSuperset(of: [.create, .poll, .cancel, .login, .logout, .delegatedLogin, .interop]), "\(query.operations)")
            #expect(query.objectTypes.contains(.symmetricKey))
            // Interop marks test cases and changes nothing; Reset, whose effect no version defines, is refused.
            for function in [InteropFunction.begin, .end] {
                _ = try await client.perform(InteropRequest(interopFunction: function, interopIdentifier: "TC-X"), expecting: InteropResponse.self)
            }
            await expectFailure(.featureNotSupported) {
                _ = try await client.perform(InteropRequest(interopFunction: .reset, interopIdentifier: "TC-X"), expecting: InteropResponse.self)
            }
            #expect(query.vendorIdentification == "swift-kmip mock server")
        }
    }

    @Test func objectsBelongToTheirOwner() async throws {
        try await withServer { server in
            let alice = try client(server, as: Self.setup.alice)
            let bob = try client(server, as: Self.setup.bob)
            defer { Task { await alice.shutdown(); await bob.shutdown() } }
            let key = try await alice.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            await expectFailure(.permissionDenied) { _ = try await bob.get(key) }
            await expectFailure(.permissionDenied) { try await bob.destroy(key) }
            #expect(try await bob.locate(objectType: .symmetricKey).isEmpty)
            #expect(try await alice.locate(objectType: .symmetricKey) == [key])
        }
    }

    @Test func failuresCarryTheRightReason() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            await expectFailure(.objectNotFound) { _ = try await client.get("no-such-id") }
            await expectFailure(.invalidField) { _ = try await client.create(symmetricKey: .aes, length: 100, usage: [.encrypt]) }
            await expectFailure(.missingData) { _ = try await client.perform(CreateRequest(objectType: .symmetricKey, attributes: []), expecting: CreateResponse.self) }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            await expectFailure(.attributeReadOnly) { try await client.setAttribute(key, try Attribute(.state, State.active)) }
        }
    }

    @Test func attributesCanBeChanged() async throws {
        try await withServer { server in
            for version in [KMIPVersion.v1_4, .v2_1] {
                let client = try client(server, as: Self.setup.alice, version: version)
                let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
                let contact = try Attribute(.contactInformation, "ops@example.com")
                try await client.addAttribute(key, contact)
                var attributes = try await client.getAttributes(key, [AttributeReference(.contactInformation)])
                #expect(try attributes.value(.contactInformation, as: String.self) == "ops@example.com")
                try await client.modifyAttribute(key, try Attribute(.contactInformation, "security@example.com"))
                attributes = try await client.getAttributes(key, [AttributeReference(.contactInformation)])
                #expect(try attributes.value(.contactInformation, as: String.self) == "security@example.com")
                try await client.deleteAttribute(key, AttributeReference(.contactInformation))
                attributes = try await client.getAttributes(key, [AttributeReference(.contactInformation)])
                #expect(attributes.list.isEmpty)
                if version >= .v2_0 {
                    try await client.setAttribute(key, try Attribute(.contactInformation, "set@example.com"))
                    attributes = try await client.getAttributes(key, [AttributeReference(.contactInformation)])
                    #expect(try attributes.value(.contactInformation, as: String.self) == "set@example.com")
                    // Set changes a single instance; with two it refuses.
                    let vendor = Attribute(.vendor(identification: "tc", name: "Set"), value: .textString("one"))
                    try await client.setAttribute(key, vendor)
                    try await client.addAttribute(key, Attribute(.vendor(identification: "tc", name: "Set"), value: .textString("two")))
                    await expectFailure(.multiValuedAttribute) { try await client.setAttribute(key, vendor) }
                } else {
                    await #expect(throws: KMIPClientError(.invalidRequest, message: "")) {
                        try await client.setAttribute(key, try Attribute(.contactInformation, "x"))
                    }
                }
                await client.shutdown()
            }
        }
    }

    @Test func batchesUseTheIDPlaceholderAndStopOnError() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let attributes: Attributes = [
                try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(256)),
            ]
            // Create, then Activate and Get the key it made, without naming it.
            let items = try await client.batch([CreateRequest(objectType: .symmetricKey, attributes: attributes), ActivateRequest(), GetAttributesRequest()])
            #expect(items.map(\.resultStatus) == [.success, .success, .success])
            let attributesResponse = try #require(items[2].payload as? GetAttributesResponse)
            #expect(try attributesResponse.attributes.state == .active)
            // A failure stops the batch unless asked to continue.
            let stopped = try await client.batch([GetRequest(uniqueIdentifier: "nope"), LocateRequest()])
            #expect(stopped.count == 1)
            let continued = try await client.batch([GetRequest(uniqueIdentifier: "nope"), LocateRequest()], continueOnError: true)
            #expect(continued.map(\.resultStatus) == [.operationFailed, .success])
        }
    }

    @Test func maximumResponseSizeIsHonoured() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            var request = RequestMessage(version: .v2_0, [QueryRequest(queryFunctions: [.queryOperations, .queryObjects])])
            request.header.maximumResponseSize = 64
            let response = try await client.send(request)
            #expect(response.batchItems.first?.resultReason == .responseTooLarge)
        }
    }

    @Test func archiveRecoverLeaseAndReKey() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], name: "rotating")
            _ = try await client.perform(ArchiveRequest(uniqueIdentifier: key), expecting: ArchiveResponse.self)
            #expect(try await client.getAttributes(key, [AttributeReference(.standard(.archiveDate))]).value(.archiveDate, as: DateTime.self) != nil)
            await expectFailure(.objectArchived) { _ = try await client.get(key) }
            _ = try await client.perform(RecoverRequest(uniqueIdentifier: key), expecting: RecoverResponse.self)
            _ = try await client.get(key)
            // No lease for an object that is not Active: Permission Denied (2.1 Table 270).
            await expectFailure(.permissionDenied) { _ = try await client.perform(ObtainLeaseRequest(uniqueIdentifier: key), expecting: ObtainLeaseResponse.self) }
            try await client.activate(key)
            let lease = try await client.perform(ObtainLeaseRequest(uniqueIdentifier: key), expecting: ObtainLeaseResponse.self)
            #expect(lease.leaseTime.seconds == 3600)
            let replacement = try await client.reKey(key)
            #expect(replacement != key)
            let oldLinks = try await client.getAttributes(key, [AttributeReference(.link)]).all(.link)
            #expect(oldLinks.first?.value == .structure([
                TTLVItem(tag: .linkType, .enumeration(LinkType.replacementObjectLink.rawValue)), TTLVItem(tag: .linkedObjectIdentifier, .textString(replacement)),
            ]))
            // The replacement takes over the name and the dates (so it is Active too); its digest
            // is its own.
            let oldAttributes = try await client.getAttributes(key)
            let newAttributes = try await client.getAttributes(replacement)
            #expect(try newAttributes.cryptographicLength == 128)
            #expect(try newAttributes.state == .active)
            #expect(try newAttributes.activationDate == oldAttributes.activationDate)
            func names(_ attributes: Attributes) -> [String] {
                attributes.all(.name).compactMap { if case .structure(let fields) = $0.value, case .textString(let name)? = fields.first?.value { name } else { nil } }
            }
            #expect(names(newAttributes) == ["rotating"])
            #expect(names(oldAttributes).isEmpty)
            #expect(newAttributes.all(.digest) != oldAttributes.all(.digest))
            // With an Offset the Activation Date is that far from now, and the Deactivation Date
            // keeps its distance to it.
            let dated = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [
                try Attribute(.activationDate, DateTime(secondsSince1970: 1_000)), try Attribute(.deactivationDate, DateTime(secondsSince1970: 9_000_000_000)),
            ])
            let later = try await client.getAttributes(try await client.reKey(dated, offset: Interval(seconds: 7200)))
            #expect(try later.state == .preActive)
            let activation = try #require(try later.activationDate).secondsSince1970
            #expect(abs(activation - (Int64(Date().timeIntervalSince1970) + 7200)) < 60)
            #expect(try later.value(.deactivationDate, as: DateTime.self)?.secondsSince1970 == 9_000_000_000 + activation - 1_000)
            let seeded = try await client.perform(RNGSeedRequest(data: [1, 2, 3]), expecting: RNGSeedResponse.self)
            #expect(seeded.dataLength == 3)
            #expect(try await client.rng(count: 16).count == 16)
        }
    }

    /// From 2.0 Create makes Secret Data too: Cryptographic Length random bits.
    @Test func createMakesSecretDataFromTwoPointZero() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            let old = try self.client(server, as: Self.setup.alice, version: .v1_4)
            defer { Task { await client.shutdown(); await old.shutdown() } }
            let request = CreateRequest(objectType: .secretData, attributes: [try Attribute(.cryptographicLength, Int32(80))])
            let made = try await client.perform(request, expecting: CreateResponse.self)
            #expect(made.objectType == .secretData)
            guard case .secretData(let secret) = try await client.get(made.uniqueIdentifier).object,
                  case .plaintext(let value)? = secret.keyBlock.keyValue, case .bytes(let bytes) = value.keyMaterial else {
                Issue.record("expected secret data")
                return
            }
            #expect(bytes.count == 10)
            #expect(secret.keyBlock.keyFormatType == .opaque)
            await expectFailure(.invalidField) {
                _ = try await client.perform(CreateRequest(objectType: .secretData, attributes: [try Attribute(.cryptographicLength, Int32(12))]), expecting: CreateResponse.self)
            }
            // 1.x Create makes symmetric keys only (Invalid Object Type, which 1.x says Invalid Field).
            await expectFailure(.invalidField) { _ = try await old.perform(request, expecting: CreateResponse.self) }
        }
    }

    /// A registered X.509 certificate gets the attributes its DER says: issuer and subject
    /// names and parts, serial number, public key algorithm and size, signature algorithm.
    @Test func registeredCertificatesGetTheirAttributes() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let authority = try PKI.makeCA(commonName: "attribute CA")
            let issued = try PKI.issue(commonName: "attribute subject", usage: .client, signedBy: authority)
            let base64 = String(decoding: issued.certificatePEM, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            let der = try #require(Data(base64Encoded: base64)).map { $0 }
            let id = try await client.register(.certificate(Certificate(certificateType: .x_509, certificateValue: der)))
            let attributes = try await client.getAttributes(id)
            func text(_ tag: KMIPSpec.Tag) -> String? { if case .textString(let value)? = attributes.all(tag).first?.value { value } else { nil } }
            #expect(text(.certificateIssuerCN) == "attribute CA")
            #expect(text(.certificateSubjectCN) == "attribute subject")
            #expect(try attributes.value(.certificateType, as: CertificateType.self) == .x_509)
            #expect(try attributes.value(.certificateLength, as: Int32.self) == Int32(der.count))
            #expect(try attributes.cryptographicAlgorithm == .ec)
            #expect(try attributes.cryptographicLength == 256)
            #expect(try attributes.value(.digitalSignatureAlgorithm, as: DigitalSignatureAlgorithm.self) == .ecdsaWithSHA256)
            #expect(try attributes.value(.sensitive, as: Bool.self) == false)
            let details = try CertificateDetails(der: der)
            #expect(attributes.all(.x_509CertificateIdentifier).first?.value == .structure([
                TTLVItem(tag: .issuerDistinguishedName, .byteString(details.issuer.der)), TTLVItem(tag: .certificateSerialNumber, .byteString(details.serialNumberDER)),
            ]))
            #expect(details.subject.entries.contains { $0.type == "CN" && $0.value == "attribute subject" })
        }
    }

    /// A key registered without its Key Value says so (Key Value Present false, set by the
    /// server only); Get gives the block as it is.
    @Test func keysRegisteredWithoutValueAreMarked() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            var block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes([]), cryptographicAlgorithm: .aes, cryptographicLength: 128)
            block.keyValue = nil
            let claimed = Attribute(.standard(.keyValuePresent), value: .boolean(true))
            let empty = try await client.register(.symmetricKey(SymmetricKey(keyBlock: block)), attributes: [claimed])
            #expect(try await client.getAttributes(empty).value(.keyValuePresent, as: Bool.self) == false)
            #expect(try await client.get(empty).object.keyBlock?.keyValue == nil)
            let full = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            #expect(try await client.getAttributes(full).value(.keyValuePresent, as: Bool.self) == nil)
        }
    }

    /// Destroy forgets the key material and keeps the metadata (2.1 6.1.16).
    @Test func destroyForgetsTheKeyMaterial() async throws {
        let store = MemoryObjectStore()
        try await withServer(store: store) { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt])
            #expect(try await store.object(key)?.object.keyBlock?.keyValue != nil)
            try await client.destroy(key)
            let stored = try #require(try await store.object(key))
            #expect(stored.state == .destroyed)
            #expect(stored.object.keyBlock?.keyValue == nil)
            #expect(stored.object.keyBlock?.cryptographicLength == 256)
            #expect(try await client.getAttributes(key).value(.cryptographicLength, as: Int32.self) == 256)
        }
    }

    /// Query Capabilities and Query RNGs (1.3 on) describe this server.
    @Test func queryTellsCapabilitiesAndRNGs() async throws {
        try await withServer { server in
            for version in [KMIPVersion.v1_3, .v1_4, .v2_1] {
                let client = try client(server, as: Self.setup.alice, version: version)
                let answer = try await client.perform(QueryRequest(queryFunctions: [.queryCapabilities, .queryRNGs]), expecting: QueryResponse.self)
                let capabilities = try #require(answer.capabilityInformation.first)
                #expect(capabilities.streamingCapability == true && capabilities.asynchronousCapability == true)
                #expect(capabilities.destroyAction == .keyMaterialDeleted)
                #expect(capabilities.batchUndoCapability == (version >= .v1_4 ? true : nil))
                #expect(answer.rngParameters.first?.rngAlgorithm == .drbg)
                await client.shutdown()
            }
        }
    }

    @Test func encryptAndDecrypt() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt])
            let message = Array("attack at dawn, bring snacks".utf8)
            await expectFailure(.wrongKeyLifecycleState) { _ = try await client.encrypt(key, data: message) }
            try await client.activate(key)

            // CBC with PKCS#5 padding; the server makes the IV and returns it.
            let cbc = CryptographicParameters(blockCipherMode: .cbc, paddingMethod: .pkcs5)
            let encrypted = try await client.encrypt(key, data: message, parameters: cbc)
            let iv = try #require(encrypted.ivCounterNonce)
            #expect(iv.count == 16)
            #expect(try await client.decrypt(key, data: encrypted.data ?? [], parameters: cbc, iv: iv) == message)
            await expectFailure(.invalidMessage) { _ = try await client.decrypt(key, data: encrypted.data ?? [], parameters: cbc) }

            // GCM with additional data: the tag must match.
            let gcm = CryptographicParameters(blockCipherMode: .gcm, tagLength: 16)
            let nonce = [UInt8](repeating: 7, count: 12)
            let sealed = try await client.encrypt(key, data: message, parameters: gcm, iv: nonce, additionalData: [1, 2, 3])
            let tag = try #require(sealed.authenticatedEncryptionTag)
            #expect(sealed.ivCounterNonce == nil)
            #expect(try await client.decrypt(key, data: sealed.data ?? [], parameters: gcm, iv: nonce, additionalData: [1, 2, 3], tag: tag) == message)
            var forged = tag
            forged[0] ^= 1
            await expectFailure(.cryptographicFailure) {
                _ = try await client.decrypt(key, data: sealed.data ?? [], parameters: gcm, iv: nonce, additionalData: [1, 2, 3], tag: forged)
            }

            // A key whose mask lacks Decrypt cannot decrypt.
            let sealOnly = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            try await client.activate(sealOnly)
            let once = try await client.encrypt(sealOnly, data: message, parameters: cbc)
            await expectFailure(.incompatibleCryptographicUsageMask) {
                _ = try await client.decrypt(sealOnly, data: once.data ?? [], parameters: cbc, iv: once.ivCounterNonce)
            }
            await expectFailure(.unsupportedCryptographicParameters) {
                _ = try await client.encrypt(key, data: message, parameters: CryptographicParameters(blockCipherMode: .ofb))
            }
        }
    }

    @Test func macAndHash() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            // RFC 4231 test case 2: HMAC-SHA256 with the key "Jefe".
            let jefe = try await client.register(
                .symmetricKey(SymmetricKey(keyBlock: KeyBlock(keyFormatType: .raw, keyValue: .plaintext(KeyValue(keyMaterial: .bytes(Array("Jefe".utf8)))),
                                                              cryptographicAlgorithm: .hmac_SHA256, cryptographicLength: 32))),
                attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask([.macGenerate, .macVerify]))])
            try await client.activate(jefe)
            let data = Array("what do ya want for nothing?".utf8)
            let mac = try await client.mac(jefe, data: data)
            #expect(hexString(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
            let verified = try await client.perform(MACVerifyRequest(uniqueIdentifier: jefe, data: data, macData: mac), expecting: MACVerifyResponse.self)
            #expect(verified.validityIndicator == .valid)
            let rejected = try await client.perform(MACVerifyRequest(uniqueIdentifier: jefe, data: data + [0], macData: mac), expecting: MACVerifyResponse.self)
            #expect(rejected.validityIndicator == .invalid)
            let digest = try await client.perform(HashRequest(.sha_256, data: Array("abc".utf8)), expecting: HashResponse.self)
            #expect(hexString(digest.data ?? []) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
    }

    @Test func keyPairsSignAndVerify() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let message = Array("sign this".utf8)
            let cases: [(CryptographicAlgorithm, Int32, RecommendedCurve?, CryptographicParameters)] = [
                (.rsa, 2048, nil, CryptographicParameters(paddingMethod: .pkcs1V1_5, hashingAlgorithm: .sha_256)),
                (.rsa, 2048, nil, CryptographicParameters(paddingMethod: .pss, hashingAlgorithm: .sha_384)),
                (.ec, 256, .p_256, CryptographicParameters(hashingAlgorithm: .sha_256)),
                (.ec, 384, .p_384, CryptographicParameters(hashingAlgorithm: .sha_384)),
            ]
            for (algorithm, length, curve, parameters) in cases {
                let (privateKey, publicKey) = try await client.createKeyPair(algorithm: algorithm, length: length, curve: curve)
                // Get gives the default format of KMIP 2.1 Table 81 unless asked for another.
                let got = try await client.get(publicKey)
                #expect(got.object.keyBlock?.keyFormatType == (algorithm == .rsa ? .pkcs_1 : .transparentECPublicKey))
                #expect(try await client.get(publicKey, format: .x_509).object.keyBlock?.keyFormatType == .x_509)
                await expectFailure(.wrongKeyLifecycleState) { _ = try await client.sign(privateKey, data: message, parameters: parameters) }
                try await client.activate(privateKey)
                try await client.activate(publicKey)
                let signature = try await client.sign(privateKey, data: message, parameters: parameters)
                #expect(try await client.signatureVerify(publicKey, data: message, signature: signature, parameters: parameters))
                #expect(try await !client.signatureVerify(publicKey, data: message + [1], signature: signature, parameters: parameters))
                await expectFailure(.invalidObjectType) { _ = try await client.sign(publicKey, data: message, parameters: parameters) }
            }
            await expectFailure(.invalidField) { _ = try await client.createKeyPair(algorithm: .rsa, length: 512) }
        }
    }

    @Test func getConvertsKeyFormats() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let raw = try await client.get(key).object.keyBlock?.keyMaterial
            let transparent = try await client.get(key, format: .transparentSymmetricKey).object.keyBlock
            #expect(transparent?.keyFormatType == .transparentSymmetricKey)
            if case .bytes(let bytes)? = raw, case .symmetricKey(let symmetric)? = transparent?.keyMaterial {
                #expect(symmetric.key == bytes)
            } else {
                Issue.record("expected raw and transparent symmetric material")
            }
            let (privateKey, publicKey) = try await client.createKeyPair(algorithm: .rsa, length: 2048)
            let pkcs1 = try await client.get(privateKey, format: .pkcs_1).object.keyBlock
            #expect(pkcs1?.keyFormatType == .pkcs_1)
            let parts = try await client.get(privateKey, format: .transparentRSAPrivateKey).object.keyBlock?.keyMaterial
            let publicParts = try await client.get(publicKey, format: .transparentRSAPublicKey).object.keyBlock?.keyMaterial
            if case .rsaPrivateKey(let secret)? = parts, case .rsaPublicKey(let open)? = publicParts {
                #expect(secret.modulus == open.modulus)
                #expect(open.publicExponent == BigInteger(65537))
                #expect(secret.modulus.minimalBytes.count == 257)  // 2048 bits plus a sign byte
            } else {
                Issue.record("expected transparent RSA keys")
            }
            _ = try await client.get(publicKey, format: .pkcs_1)
            await expectFailure(.keyFormatTypeNotSupported) { _ = try await client.get(key, format: .pkcs_8) }
        }
    }

    @Test func rsaEncryptionAndCheck() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let (privateKey, publicKey) = try await client.createKeyPair(algorithm: .rsa, length: 2048, privateKeyUsage: [.decrypt], publicKeyUsage: [.encrypt])
            try await client.activate(privateKey)
            try await client.activate(publicKey)
            let secret = Array("wrapped".utf8)
            for parameters in [CryptographicParameters(paddingMethod: .oaep, hashingAlgorithm: .sha_256), CryptographicParameters(paddingMethod: .pkcs1V1_5),
                               CryptographicParameters(paddingMethod: .oaep, hashingAlgorithm: .sha_384, maskGeneratorHashingAlgorithm: .sha_256, pSource: Array("label".utf8))] {
                let sealed = try await client.encrypt(publicKey, data: secret, parameters: parameters)
                #expect(sealed.data?.count == 256)
                #expect(try await client.decrypt(privateKey, data: sealed.data ?? [], parameters: parameters) == secret)
            }
            // The OAEP label must match.
            var labelled = CryptographicParameters(paddingMethod: .oaep, hashingAlgorithm: .sha_256, pSource: Array("one".utf8))
            let sealed = try await client.encrypt(publicKey, data: secret, parameters: labelled)
            labelled.pSource = Array("two".utf8)
            await expectFailure(.cryptographicFailure) { _ = try await client.decrypt(privateKey, data: sealed.data ?? [], parameters: labelled) }
            _ = try await client.perform(CheckRequest(uniqueIdentifier: publicKey, cryptographicUsageMask: .encrypt), expecting: CheckResponse.self)
            await expectFailure(.incompatibleCryptographicUsageMask) {
                _ = try await client.perform(CheckRequest(uniqueIdentifier: publicKey, cryptographicUsageMask: .sign), expecting: CheckResponse.self)
            }
        }
    }
}
