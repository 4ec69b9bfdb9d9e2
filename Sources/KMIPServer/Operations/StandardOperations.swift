import KMIP
public import KMIPSpec
import TTLV

/// The operations the mock server implements, by operation.
public enum StandardOperations {
    /// Every handler.
    public static var all: [Operation: OperationHandler] {
        core.merging(StorageOperations.all) { first, _ in first }.merging(CryptoOperations.all) { first, _ in first }
            .merging(KeyPairOperations.all) { first, _ in first }
            .merging(DeriveKeyOperation.all) { first, _ in first }.merging(ExportImport.all) { first, _ in first }
            .merging(SplitKeyOperations.all) { first, _ in first }.merging(TicketOperations.all) { first, _ in first }
            .merging(CertificateOperations.all) { first, _ in first }
    }

    static var core: [Operation: OperationHandler] {
        [
            .discoverVersions: discoverVersions,
            .query: query,
            .create: create,
            .register: register,
            .get: get,
            .getAttributes: getAttributes,
            .getAttributeList: getAttributeList,
            .addAttribute: addAttribute,
            .setAttribute: setAttribute,
            .modifyAttribute: modifyAttribute,
            .deleteAttribute: deleteAttribute,
            .adjustAttribute: AttributeAdjustment.adjustAttribute,
            .log: LogOperation.log,
            .locate: locate,
            .activate: activate,
            .revoke: revoke,
            .destroy: destroy,
            .rngRetrieve: rngRetrieve,
            .interop: interop,
        ]
    }

    /// Interop (2.1 section 6.1.26; for test servers only, which this is): Begin and End mark
    /// a test case and change nothing. Reset has no defined effect, so it is refused rather
    /// than answered as if something had been reset.
    static let interop: OperationHandler = { request, _ in
        let interop = try payload(request, as: InteropRequest.self)
        guard interop.interopFunction == .begin || interop.interopFunction == .end else {
            throw OperationError(.featureNotSupported, "Interop \(interop.interopFunction) is not supported; Begin and End are")
        }
        return InteropResponse()
    }

    static func payload<T: RequestPayload>(_ payload: any RequestPayload, as type: T.Type) throws -> T {
        guard let typed = payload as? T else { throw OperationError(.invalidMessage, "the payload is not a \(T.operation) request") }
        return typed
    }

    // MARK: Server

    static let discoverVersions: OperationHandler = { request, _ in
        let offered = try payload(request, as: DiscoverVersionsRequest.self).protocolVersions
        let supported = Dispatcher.supportedVersions
        return DiscoverVersionsResponse(protocolVersions: offered.isEmpty ? supported : supported.filter { offered.contains($0) })
    }

    static let query: OperationHandler = { request, context in
        let functions = try payload(request, as: QueryRequest.self).queryFunctions
        var response = QueryResponse(operations: [], objectTypes: [])
        if functions.contains(.queryOperations) {
            // Poll and Cancel are the dispatcher's own (they reach the parked items).
            response.operations = (Array(all.keys) + [.poll, .cancel]).filter { (try? $0.ttlv(.operation, version: context.version)) != nil }.sorted { $0.rawValue < $1.rawValue }
        }
        if functions.contains(.queryObjects) {
            let types: [ObjectType] = [.certificate, .symmetricKey, .publicKey, .privateKey, .splitKey, .secretData, .opaqueObject]
            response.objectTypes = types.filter { (try? $0.ttlv(.objectType, version: context.version)) != nil }
        }
        if functions.contains(.queryServerInformation) {
            response.vendorIdentification = "swift-kmip mock server"
        }
        if functions.contains(.queryCapabilities), context.version >= .v1_3 {
            var capabilities = CapabilityInformation(
                streamingCapability: true, asynchronousCapability: true, attestationCapability: false,
                unwrapMode: .notProcessed, destroyAction: .keyMaterialDeleted, shreddingAlgorithm: .unspecified, rngMode: .sharedInstantiation)
            if context.version >= .v1_4 { (capabilities.batchUndoCapability, capabilities.batchContinueCapability) = (true, true) }
            if context.version >= .v2_0 { capabilities.quantumSafeCapability = true }
            response.capabilityInformation = [capabilities]
        }
        if functions.contains(.queryRNGs), context.version >= .v1_3 {
            // OpenSSL's default generator, as the Random Number Generator attribute says.
            response.rngParameters = [RNGParameters(rngAlgorithm: .drbg, cryptographicAlgorithm: .aes, cryptographicLength: 256, drbgAlgorithm: .ctr)]
        }
        return response
    }

    // MARK: Creating objects

    /// The keys Create makes: algorithms and their lengths in bits. Some the server cannot use
    /// itself (SKIPJACK, DES, Camellia): it makes and keeps them for the clients that do.
    static let generatedKeyLengths: [CryptographicAlgorithm: Set<Int32>] = [
        .aes: [128, 192, 256], .des3: [112, 168, 192], .des: [56, 64], .skipjack: [80], .camellia: [128, 192, 256],
        .hmac_SHA1: [160], .hmac_SHA224: [224], .hmac_SHA256: [256], .hmac_SHA384: [384], .hmac_SHA512: [512], .chaCha20: [256],
    ]

    /// The bytes of a `length`-bit key: DES lengths count key bits without the parity bit
    /// of each byte (56 in 8 bytes, 112 in 16, 168 in 24).
    static func keyBytes(_ length: Int32, algorithm: CryptographicAlgorithm) -> Int {
        if algorithm == .des || algorithm == .des3, length % 56 == 0 { return Int(length / 7) }
        return Int(length + 7) / 8
    }

    /// Random key material of the algorithm and length `attributes` ask for, as Create makes it.
    static func newKey(_ attributes: Attributes) throws -> (material: [UInt8], algorithm: CryptographicAlgorithm, length: Int32) {
        guard let algorithm = try attributes.cryptographicAlgorithm else { throw OperationError.missing("Cryptographic Algorithm") }
        guard let length = try attributes.cryptographicLength else { throw OperationError.missing("Cryptographic Length") }
        guard let lengths = generatedKeyLengths[algorithm] else {
            throw OperationError(.invalidField, "cannot generate \(algorithm) keys")
        }
        guard lengths.contains(length) else {
            throw OperationError(.invalidField, "\(algorithm) keys are \(lengths.sorted().map(String.init).joined(separator: ", ")) bits, not \(length)")
        }
        return (try Keys.random(byteCount: keyBytes(length, algorithm: algorithm)), algorithm, length)
    }

    /// Throws unless `object` is of the Object Type a request states (when it states one).
    static func requireObjectType(_ stated: ObjectType?, of object: ManagedObject) throws(OperationError) {
        if let stated, stated != object.objectType {
            throw OperationError(.invalidField, "the Object Type says \(stated) but the object is \(object.objectType)")
        }
    }

    static let create: OperationHandler = { request, context in
        let create = try payload(request, as: CreateRequest.self)
        if create.objectType == .secretData, context.version >= .v2_0 { return try await createSecretData(create, context: context) }
        guard create.objectType == .symmetricKey else {
            throw OperationError(.invalidObjectType, "Create makes symmetric keys (and, from KMIP 2.0, secret data); register other objects")
        }
        let attributes = try await context.applyingTemplates(create.attributes)
        let key = try newKey(attributes)
        let block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(key.material), cryptographicAlgorithm: key.algorithm, cryptographicLength: key.length)
        let identifier = try await context.insertNew(.symmetricKey(SymmetricKey(keyBlock: block)), requested: attributes, generated: true)
        return CreateResponse(objectType: .symmetricKey, uniqueIdentifier: identifier)
    }

    /// The longest Secret Data Create makes, in bits.
    static let maxSecretDataBits: Int32 = 65_536

    /// Create of Secret Data (2.0 on): Cryptographic Length random bits, a whole number of bytes,
    /// as an Opaque Password (the type TC-CREATE-SD-1 records; KMIP names none).
    static func createSecretData(_ create: CreateRequest, context: OperationContext) async throws -> CreateResponse {
        guard let length = try create.attributes.cryptographicLength else { throw OperationError.missing("Cryptographic Length") }
        guard length > 0, length % 8 == 0, length <= maxSecretDataBits else {
            throw OperationError(.invalidField, "secret data is made in whole bytes, 8 to \(maxSecretDataBits) bits, not \(length)")
        }
        let block = KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(try Keys.random(byteCount: Int(length) / 8)))
        let identifier = try await context.insertNew(.secretData(SecretData(secretDataType: .password, keyBlock: block)), requested: create.attributes, generated: true)
        return CreateResponse(objectType: .secretData, uniqueIdentifier: identifier)
    }

    static let register: OperationHandler = { request, context in
        let register = try payload(request, as: RegisterRequest.self)
        try requireObjectType(register.objectType, of: register.object)
        if register.objectType == .privateKey, register.object.keyBlock?.keyFormatType == .pkcs_12 {
            return RegisterResponse(uniqueIdentifier: try await PKCS12Containers.register(register, context: context))
        }
        var registered = register.object
        var requested = register.attributes
        if case .template(var template) = registered {
            // Of a Template's attributes, its Names are its own; the others go to the objects
            // made with it (1.0 section 2.2.6).
            requested.list += template.attributes.list.filter { $0.name == .standard(.name) }
            template.attributes.list.removeAll { $0.name == .standard(.name) }
            registered = .template(template)
        }
        let identifier = await context.store.newIdentifier()
        try await context.requireUniqueNames(requested.list)
        var attributes = try ServerAttributes.initial(requested, identifier: identifier, objectType: register.objectType, context: context)
        if let block = registered.keyBlock {
            if let algorithm = block.cryptographicAlgorithm { try attributes.set(.cryptographicAlgorithm, algorithm) }
            if let length = block.cryptographicLength { try attributes.set(.cryptographicLength, length) }
        }
        let object = StoredObject(uniqueIdentifier: identifier, objectType: register.objectType, object: registered, attributes: attributes, owner: context.client)
        // Transparent asymmetric keys must make a key: build it once, so a bad one is refused now.
        switch registered.keyBlock?.keyMaterial {
        case .rsaPrivateKey?, .ecPrivateKey?: _ = try KeyFormats.privateDER(object)
        case .rsaPublicKey?, .ecPublicKey?: _ = try KeyFormats.publicDER(object)
        default: break
        }
        try await context.insertNew(object, generated: false)
        return RegisterResponse(uniqueIdentifier: identifier)
    }

    // MARK: Reading

    static let get: OperationHandler = { request, context in
        let get = try payload(request, as: GetRequest.self)
        let object = try await context.object(get.uniqueIdentifier)
        guard object.state != .destroyed && object.state != .destroyedCompromised else {
            throw OperationError(.objectDestroyed, "object \(object.uniqueIdentifier) was destroyed")
        }
        let returned = try await serve(object, format: get.keyFormatType, wrapType: get.keyWrapType, wrapping: get.keyWrappingSpecification, context: context)
        // Served once, the object is no longer Fresh (2.1 section 4.24; Export leaves it, as
        // TC-IMPEXP-3 records).
        if try object.attributes.value(.fresh, as: Bool.self) == true {
            var served = object
            try served.attributes.set(.fresh, false)
            try await context.store.update(served)
        }
        return GetResponse(objectType: object.objectType, uniqueIdentifier: object.uniqueIdentifier, object: returned)
    }

    /// The object as Get and Export give it: not archived, extractable, wrapped when sensitive,
    /// unwrapped when Not Wrapped is asked, in the Key Format Type asked (else a key's own) and
    /// wrapped as asked.
    static func serve(_ object: StoredObject, format asked: KeyFormatType?, wrapType: KeyWrapType?, wrapping: KeyWrappingSpecification?,
                      context: OperationContext) async throws -> ManagedObject {
        guard !object.archived else { throw OperationError(.objectArchived, "object \(object.uniqueIdentifier) is archived; recover it first") }
        if object.object.keyBlock != nil {
            if try object.attributes.value(.extractable, as: Bool.self) == false {
                throw OperationError(.notExtractable, "object \(object.uniqueIdentifier) is not extractable")
            }
            if try object.attributes.value(.sensitive, as: Bool.self) == true, wrapping == nil {
                throw OperationError(.sensitive, "object \(object.uniqueIdentifier) is sensitive: it is given only wrapped")
            }
        }
        // A key registered wrapped comes as registered unless Not Wrapped is asked.
        var held = object
        if wrapType == .notWrapped { held.object = try await KeyWrapping.unwrap(object, context: context) }
        // Without a Key Format Type in the request, a key's Key Format Type attribute says (a
        // certificate's, Raw, names its bytes as they are).
        let format = try asked ?? (object.object.keyBlock == nil ? nil : object.attributes.value(.keyFormatType, as: KeyFormatType.self))
        var returned = if format == .pkcs_12 {
            try await PKCS12Containers.container(for: held, context: context)
        } else {
            try format.map { (format) throws(OperationError) in try KeyFormats.convert(held, to: format) } ?? held.object
        }
        if let wrapping {
            returned = try await KeyWrapping.wrap(returned, identifier: object.uniqueIdentifier, attributes: object.attributes, as: wrapping, context: context)
        }
        return returned
    }

    static let getAttributes: OperationHandler = { request, context in
        let get = try payload(request, as: GetAttributesRequest.self)
        let object = try await context.object(get.uniqueIdentifier)
        let names = get.attributeReferences.map(\.name)
        let wanted = Set(names)
        // "The same attribute name SHALL NOT be present more than once" (1.1 to 1.4, Invalid
        // Message; TC-171).
        if context.version >= .v1_1, context.version < .v2_0, let repeated = names.first(where: { name in names.count { $0 == name } > 1 }) {
            throw OperationError(.invalidMessage, "Attribute Name \(repeated) is given more than once")
        }
        let list = object.attributes(in: context.version).filter { wanted.isEmpty || wanted.contains($0.name) }
        return GetAttributesResponse(uniqueIdentifier: object.uniqueIdentifier, attributes: Attributes(list))
    }

    static let getAttributeList: OperationHandler = { request, context in
        let get = try payload(request, as: GetAttributeListRequest.self)
        let object = try await context.object(get.uniqueIdentifier)
        var names: [Attribute.Name] = []
        for attribute in object.attributes(in: context.version) where !names.contains(attribute.name) { names.append(attribute.name) }
        return GetAttributeListResponse(uniqueIdentifier: object.uniqueIdentifier, attributeReferences: names.map(AttributeReference.init))
    }

    // MARK: Changing attributes

    /// Throws unless the client may change `attribute` of `object` now: not a server-set
    /// attribute, and not a date whose time of change has passed (the Activation Date only
    /// while Pre-Active; Process Start and Protect Stop Dates only before they are reached,
    /// 2.1 sections 4.1, 4.40, 4.41).
    static func requireWritable(_ attribute: Attribute, of object: StoredObject, context: OperationContext) throws(OperationError) {
        guard case .standard(let tag) = attribute.name else { return }
        if ServerAttributes.readOnly.contains(tag) {
            throw OperationError(.attributeReadOnly, "\(tag) is set by the server")
        }
        let reason = context.lifecycleRefusal
        if tag == .activationDate, object.state != .preActive {
            throw OperationError(reason, "object \(object.uniqueIdentifier) is \(object.state); its Activation Date can change only while Pre-Active")
        }
        if tag == .deactivationDate, object.state != .preActive, object.state != .active {
            throw OperationError(reason, "object \(object.uniqueIdentifier) is \(object.state); its Deactivation Date can change only while Pre-Active or Active")
        }
        if tag == .processStartDate || tag == .protectStopDate, let date = object.date(tag), date <= context.now {
            throw OperationError(reason, "object \(object.uniqueIdentifier)'s \(tag) has passed and can no longer change")
        }
        if tag == .usageLimits, UsageLimits(of: object)?.isSpent == true {
            throw OperationError(.permissionDenied, "object \(object.uniqueIdentifier)'s Usage Limits were used and can no longer change")
        }
    }

    static let addAttribute: OperationHandler = { request, context in
        let add = try payload(request, as: AddAttributeRequest.self)
        var object = try await context.object(add.uniqueIdentifier)
        try requireWritable(add.attribute, of: object, context: context)
        try await context.requireUniqueNames([add.attribute])
        if case .standard(let tag) = add.attribute.name, !ServerAttributes.multiValued.contains(tag),
           object.attributes.list.contains(where: { $0.name == add.attribute.name }) {
            throw OperationError(.attributeSingleValued, "object \(object.uniqueIdentifier) already has a \(tag), which takes one value; use Set or Modify Attribute")
        }
        let attribute = object.attributes.appendInstance(add.attribute.withFullUsageCount)
        try object.touch(context)
        try await context.store.update(object)
        return AddAttributeResponse(uniqueIdentifier: object.uniqueIdentifier, attribute: context.version < .v2_0 ? attribute : nil)
    }

    static let setAttribute: OperationHandler = { request, context in
        let set = try payload(request, as: SetAttributeRequest.self)
        var object = try await context.object(set.uniqueIdentifier)
        try requireWritable(set.attribute, of: object, context: context)
        try await context.requireUniqueNames([set.attribute], replacingNamesOf: object.uniqueIdentifier)
        // "If it has more than one instance an error is raised" (2.1 6.1.51).
        guard object.attributes.list.count(where: { $0.name == set.attribute.name }) <= 1 else {
            throw OperationError(.multiValuedAttribute, "object \(object.uniqueIdentifier) has several \(set.attribute.name); Set Attribute changes a single one (use Modify Attribute)")
        }
        let position = object.attributes.list.firstIndex { $0.name == set.attribute.name }
        object.attributes.list.removeAll { $0.name == set.attribute.name }
        object.attributes.list.insert(set.attribute.withFullUsageCount, at: position ?? object.attributes.list.count)
        try object.touch(context)
        try await context.store.update(object)
        return SetAttributeResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    static let modifyAttribute: OperationHandler = { request, context in
        let modify = try payload(request, as: ModifyAttributeRequest.self)
        var object = try await context.object(modify.uniqueIdentifier)
        try requireWritable(modify.attribute, of: object, context: context)
        try await context.requireUniqueNames([modify.attribute], replacingNamesOf: object.uniqueIdentifier)
        let matches = object.attributes.list.indices.filter { index in
            let candidate = object.attributes.list[index]
            guard candidate.name == modify.attribute.name else { return false }
            if let current = modify.currentAttribute { return candidate.value == current.value }
            return (candidate.index ?? 0) == (modify.attribute.index ?? 0) || context.version >= .v2_0
        }
        guard let index = matches.first else {
            throw OperationError(context.version < .v2_0 ? .itemNotFound : .attributeNotFound, "object \(object.uniqueIdentifier) has no such \(modify.attribute.name)")
        }
        var updated = modify.attribute.withFullUsageCount
        updated.index = object.attributes.list[index].index
        object.attributes.list[index] = updated
        try object.touch(context)
        try await context.store.update(object)
        return ModifyAttributeResponse(uniqueIdentifier: object.uniqueIdentifier, attribute: context.version < .v2_0 ? updated : nil)
    }

    static let deleteAttribute: OperationHandler = { request, context in
        let delete = try payload(request, as: DeleteAttributeRequest.self)
        var object = try await context.object(delete.uniqueIdentifier)
        guard let name = delete.currentAttribute?.name ?? delete.attributeReference?.name else { throw OperationError.missing("the attribute to delete") }
        if case .standard(let tag) = name, ServerAttributes.readOnly.contains(tag) || tag == .deactivationDate {
            throw OperationError(.attributeReadOnly, tag == .deactivationDate ? "a Deactivation Date cannot be deleted" : "\(tag) is set by the server")
        }
        guard let index = object.attributes.list.firstIndex(where: { candidate in
            candidate.name == name && (delete.currentAttribute.map { $0.value == candidate.value } ?? true)
                && (delete.attributeIndex.map { (candidate.index ?? 0) == $0 } ?? true)
        }) else {
            throw OperationError(context.version < .v2_0 ? .itemNotFound : .attributeNotFound, "object \(object.uniqueIdentifier) has no such \(name)")
        }
        let removed = object.attributes.list.remove(at: index)
        try object.touch(context)
        try await context.store.update(object)
        return DeleteAttributeResponse(uniqueIdentifier: object.uniqueIdentifier, attribute: context.version < .v2_0 ? removed : nil)
    }

    // MARK: Finding

    static let locate: OperationHandler = { request, context in
        let locate = try payload(request, as: LocateRequest.self)
        // In the States their dates call for now.
        let owned = try await context.store.objects(ownedBy: context.client).map { try $0.movedByDates(at: context.now) ?? $0 }
        // Most recently created first (2.0 and 2.1 section 6.1.27; 1.x leaves the order open).
        let matching = LocateMatching.locate(locate, in: owned).reversed().map(\.uniqueIdentifier)
        let offset = max(0, Int(locate.offsetItems ?? 0))
        let asked = locate.maximumItems.map { max(0, Int($0)) }
        let limit = min(context.maxLocateItems, asked ?? context.maxLocateItems)
        let available = max(0, matching.count - offset)
        if available > limit && limit < asked ?? .max {
            context.notes.append("Locate limit hit: \(available) objects matched, returned \(limit) (--max-locate-items \(context.maxLocateItems))")
        }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        return LocateResponse(locatedItems: context.version >= .v1_3 ? Int32(clamping: matching.count) : nil, uniqueIdentifiers: page)
    }

    // MARK: Lifecycle

    static let activate: OperationHandler = { request, context in
        let activate = try payload(request, as: ActivateRequest.self)
        var object = try await context.object(activate.uniqueIdentifier)
        guard object.state == .preActive else { throw OperationError.wrongState(object.uniqueIdentifier, object.state, for: "Activate") }
        try object.move(to: .active, date: .activationDate, context: context)
        try await context.store.update(object)
        return ActivateResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    static let revoke: OperationHandler = { request, context in
        let revoke = try payload(request, as: RevokeRequest.self)
        var object = try await context.object(revoke.uniqueIdentifier)
        let compromised = revoke.revocationReason.revocationReasonCode == .keyCompromise || revoke.revocationReason.revocationReasonCode == .caCompromise
        switch (object.state, compromised) {
        case (.destroyed, true):
            try object.move(to: .destroyedCompromised, date: .compromiseDate, context: context)
        case (.destroyed, false), (.destroyedCompromised, _):
            throw OperationError.wrongState(object.uniqueIdentifier, object.state, for: "Revoke")
        case (_, true):
            try object.move(to: .compromised, date: .compromiseDate, context: context)
            if let occurrence = revoke.compromiseOccurrenceDate { try object.attributes.set(.compromiseOccurrenceDate, occurrence) }
        case (.active, false):
            try object.move(to: .deactivated, date: .deactivationDate, context: context)
        case (_, false):
            throw OperationError.wrongState(object.uniqueIdentifier, object.state, for: "Revoke (only an Active object can be deactivated)")
        }
        try object.attributes.set(.revocationReason, revoke.revocationReason)
        try await context.store.update(object)
        return RevokeResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    static let destroy: OperationHandler = { request, context in
        let destroy = try payload(request, as: DestroyRequest.self)
        var object = try await context.object(destroy.uniqueIdentifier)
        switch object.state {
        case .active:
            throw OperationError(context.lifecycleRefusal, "object \(object.uniqueIdentifier) is Active; revoke it first")
        case .destroyed, .destroyedCompromised:
            throw OperationError(.objectDestroyed, "object \(object.uniqueIdentifier) was already destroyed")
        case .compromised:
            try object.move(to: .destroyedCompromised, date: .destroyDate, context: context)
        default:
            try object.move(to: .destroyed, date: .destroyDate, context: context)
        }
        // "The key material ... SHALL be destroyed"; the metadata stays (2.1 6.1.16).
        object.object = object.object.withoutSecret
        try await context.store.update(object)
        return DestroyResponse(uniqueIdentifier: object.uniqueIdentifier)
    }

    // MARK: Random

    static let rngRetrieve: OperationHandler = { request, _ in
        let length = try payload(request, as: RNGRetrieveRequest.self).dataLength
        guard (1...(1 << 20)).contains(length) else { throw OperationError(.invalidField, "Data Length must be 1 to 1048576 bytes, not \(length)") }
        return RNGRetrieveResponse(data: try Keys.random(byteCount: Int(length)))
    }
}
