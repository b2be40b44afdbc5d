import type { Mail } from "../compose";

/** A message ready to go: the composed mail, its sender and the id it is logged under. */
export interface Outgoing extends Mail {
  id: string;
  from: string;
}

/** Hands a message to a delivery service; resolves with the service's own id for it. */
export interface MailTransport {
  name: string;
  send(mail: Outgoing): Promise<string>;
}
