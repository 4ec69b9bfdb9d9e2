import KMIP

extension ManagedObject {
    /// The same object holding `block` instead of its key block (objects without one as they are).
    func replacingKeyBlock(_ block: KeyBlock) -> ManagedObject {
        switch self {
        case .symmetricKey(var key): key.keyBlock = block; return .symmetricKey(key)
        case .publicKey(var key): key.keyBlock = block; return .publicKey(key)
        case .privateKey(var key): key.keyBlock = block; return .privateKey(key)
        case .secretData(var data): data.keyBlock = block; return .secretData(data)
        case .splitKey(var key): key.keyBlock = block; return .splitKey(key)
        case .pgpKey(var key): key.keyBlock = block; return .pgpKey(key)
        default: return self
        }
    }

    /// The same object without its secret: the Key Value of a key (the block keeps its format,
    /// algorithm and length) and the data of an opaque object. Certificates and templates are
    /// kept whole.
    var withoutSecret: ManagedObject {
        if case .opaqueObject(var opaque) = self {
            opaque.opaqueDataValue = []
            return .opaqueObject(opaque)
        }
        guard var block = keyBlock else { return self }
        block.keyValue = nil
        block.keyWrappingData = nil
        return replacingKeyBlock(block)
    }
}
