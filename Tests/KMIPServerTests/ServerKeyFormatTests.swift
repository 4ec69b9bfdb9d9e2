import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import Testing
import TTLV

/// Transparent EC and RSA keys through the client: Get converts to them, Register takes them,
/// and keys registered that way sign and verify (ECDSA, RSA-PSS) against the originals.
@Suite struct ServerKeyFormatTests: ServerTesting {
    @Test(arguments: [(RecommendedCurve.p_256, Int32(256), DigitalSignatureAlgorithm.ecdsaWithSHA256), (.p_384, 384, .ecdsaWithSHA384), (.p_521, 521, .ecdsaWithSHA512)])
    func transparentECKeysRoundTrip(_ curve: RecommendedCurve, _ bits: Int32, _ signature: DigitalSignatureAlgorithm) async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let (privateKey, publicKey) = try await client.createKeyPair(algorithm: .ec, length: bits, curve: curve)
            let privateBlock = try #require(try await client.get(privateKey, format: .transparentECPrivateKey).object.keyBlock)
            let publicBlock = try #require(try await client.get(publicKey, format: .transparentECPublicKey).object.keyBlock)
            guard case .ecPrivateKey(let d)? = privateBlock.keyMaterial, case .ecPublicKey(let q)? = publicBlock.keyMaterial else {
                Issue.record("expected transparent EC keys")
                return
            }
            let size = (Int(bits) + 7) / 8
            #expect(d.recommendedCurve == curve && q.recommendedCurve == curve)
            #expect(q.qString.count == 1 + 2 * size && q.qString.first == 0x04)
            #expect(d.d.bytes.drop { $0 == 0 }.count <= size)

            // Registered back, they are the same keys: the same PKCS#8 and X.509, and they sign
            // and verify with the originals.
            let registeredPrivate = try await client.register(.privateKey(PrivateKey(keyBlock: privateBlock)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.sign)])
            let registeredPublic = try await client.register(.publicKey(PublicKey(keyBlock: publicBlock)), attributes: [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.verify)])
            #expect(try await client.get(registeredPrivate, format: .pkcs_8).object.keyBlock?.keyMaterial == (try await client.get(privateKey)).object.keyBlock?.keyMaterial)
            #expect(try await client.get(registeredPublic, format: .x_509).object.keyBlock?.keyMaterial == (try await client.get(publicKey)).object.keyBlock?.keyMaterial)
            for key in [privateKey, publicKey, registeredPrivate, registeredPublic] { try await client.activate(key) }
            let message = Array("transparent".utf8)
            let parameters = CryptographicParameters(digitalSignatureAlgorithm: signature)
            let signed = try await client.sign(registeredPrivate, data: message, parameters: parameters)
            #expect(try await client.signatureVerify(publicKey, data: message, signature: signed, parameters: parameters))
            let original = try await client.sign(privateKey, data: message, parameters: parameters)
            #expect(try await client.signatureVerify(registeredPublic, data: message, signature: original, parameters: parameters))
            #expect(try await !client.signatureVerify(registeredPublic, data: message + [0], signature: original, parameters: parameters))
        }
    }

    @Test func transparentRSAKeysSignWithPSS() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let (privateKey, publicKey) = try await client.createKeyPair(algorithm: .rsa, length: 2048)
            let privateBlock = try #require(try await client.get(privateKey, format: .transparentRSAPrivateKey).object.keyBlock)
            let publicBlock = try #require(try await client.get(publicKey, format: .transparentRSAPublicKey).object.keyBlock)
            let registeredPrivate = try await client.register(.privateKey(PrivateKey(keyBlock: privateBlock)))
            let registeredPublic = try await client.register(.publicKey(PublicKey(keyBlock: publicBlock)))
            for key in [privateKey, publicKey, registeredPrivate, registeredPublic] { try await client.activate(key) }
            let message = Array("pss".utf8)
            for parameters in [CryptographicParameters(digitalSignatureAlgorithm: .rsassa_PSSPKCS_1V2_1), CryptographicParameters(paddingMethod: .pss, hashingAlgorithm: .sha_512)] {
                let signed = try await client.sign(registeredPrivate, data: message, parameters: parameters)
                #expect(try await client.signatureVerify(publicKey, data: message, signature: signed, parameters: parameters))
                let original = try await client.sign(privateKey, data: message, parameters: parameters)
                #expect(try await client.signatureVerify(registeredPublic, data: message, signature: original, parameters: parameters))
            }
        }
    }

    @Test func brokenTransparentKeysAreRefused() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            func ecPrivate(_ d: [UInt8]) -> ManagedObject {
                .privateKey(PrivateKey(keyBlock: KeyBlock(keyFormatType: .transparentECPrivateKey, keyMaterial: .ecPrivateKey(TransparentECPrivateKey(recommendedCurve: .p_256, d: BigInteger(bytes: d))),
                                                          cryptographicAlgorithm: .ec, cryptographicLength: 256)))
            }
            // d = 0, and d above the order of P-256.
            await expectFailure(.invalidField) { _ = try await client.register(ecPrivate([0])) }
            await expectFailure(.invalidField) { _ = try await client.register(ecPrivate([0] + [UInt8](repeating: 0xFF, count: 32))) }
            // A point that is not on the curve.
            var point = [UInt8](repeating: 0x01, count: 65)
            point[0] = 0x04
            let offCurve = ManagedObject.publicKey(PublicKey(keyBlock: KeyBlock(keyFormatType: .transparentECPublicKey, keyMaterial: .ecPublicKey(TransparentECPublicKey(recommendedCurve: .p_256, qString: point)),
                                                                                cryptographicAlgorithm: .ec, cryptographicLength: 256)))
            await expectFailure(.invalidField) { _ = try await client.register(offCurve) }
            // A curve the server does not do.
            await expectFailure(.invalidField) {
                _ = try await client.register(.privateKey(PrivateKey(keyBlock: KeyBlock(keyFormatType: .transparentECPrivateKey,
                    keyMaterial: .ecPrivateKey(TransparentECPrivateKey(recommendedCurve: .p_192, d: BigInteger(bytes: [1]))), cryptographicAlgorithm: .ec, cryptographicLength: 192))))
            }
            // EC formats are not offered for RSA keys.
            let (_, rsaPublic) = try await client.createKeyPair(algorithm: .rsa, length: 2048)
            await expectFailure(.keyFormatTypeNotSupported) { _ = try await client.get(rsaPublic, format: .transparentECPublicKey) }
        }
    }
}
