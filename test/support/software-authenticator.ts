/**
 * A passkey authenticator in software (P-256, "none" attestation, user
 * present and verified), for tests and benchmarks that speak WebAuthn over
 * HTTP without a browser. The server side stays real: Better Auth's passkey
 * plugin verifies these signatures as it would a phone's. Browser tests use
 * Chromium's own virtual authenticator instead (DevTools WebAuthn domain).
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { type CBORType, encodeCBOR } from "@levischuck/tiny-cbor";

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

interface Credential {
  id: Buffer;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
}

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_DATA = 0x40;

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** A PublicKeyCredential as the browser's toJSON() gives it. */
function asJson<R extends Record<string, unknown>>(credential: Credential, response: R) {
  return {
    id: b64url(credential.id),
    rawId: b64url(credential.id),
    type: "public-key",
    authenticatorAttachment: "platform",
    clientExtensionResults: {},
    response,
  };
}

export class SoftwareAuthenticator {
  private readonly credentials: Credential[] = [];

  /** `userVerified: false` acts like a security key without a PIN. */
  constructor(
    readonly origin: string,
    private readonly userVerified = true,
  ) {}

  /** The browser's answer to navigator.credentials.create(), as JSON. */
  register(options: CreationOptions) {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const credential: Credential = { id: randomBytes(16), rpId, userHandle: options.user.id, privateKey, counter: 0 };
    this.credentials.push(credential);
    // COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
    const coseKey = encodeCBOR(
      new Map<number, CBORType>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      this.authenticatorData(credential, FLAG_ATTESTED_DATA),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credential.id,
      coseKey,
    ]);
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ["fmt", "none"],
        ["attStmt", new Map<string, CBORType>()],
        ["authData", authData],
      ]),
    );
    return asJson(credential, {
      clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge)),
      attestationObject: b64url(attestationObject),
      transports: ["internal"],
    });
  }

  /** The browser's answer to navigator.credentials.get(), as JSON. */
  authenticate(options: RequestOptions) {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const allowed = options.allowCredentials?.map((c) => c.id);
    const credential = this.credentials.find(
      (c) => c.rpId === rpId && (!allowed?.length || allowed.includes(b64url(c.id))),
    );
    if (!credential) throw new Error(`no passkey for ${rpId}`);
    credential.counter++;
    const authData = this.authenticatorData(credential, 0);
    const clientData = this.clientData("webauthn.get", options.challenge);
    return asJson(credential, {
      clientDataJSON: b64url(clientData),
      authenticatorData: b64url(authData),
      signature: b64url(sign("sha256", Buffer.concat([authData, sha256(clientData)]), credential.privateKey)),
      userHandle: credential.userHandle,
    });
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  private authenticatorData(credential: Credential, extraFlags: number): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const flags = FLAG_USER_PRESENT | (this.userVerified ? FLAG_USER_VERIFIED : 0) | extraFlags;
    return Buffer.concat([sha256(credential.rpId), Buffer.from([flags]), counter]);
  }
}
