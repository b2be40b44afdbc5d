CREATE TABLE "security_event" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"success" boolean NOT NULL,
	"user_id" text,
	"email" text,
	"method" text,
	"actor_id" text,
	"ip_address" text,
	"user_agent" text,
	"country" text,
	"detail" text
);
--> statement-breakpoint
CREATE INDEX "security_event_user_created_idx" ON "security_event" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "security_event_created_idx" ON "security_event" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "security_event_email_idx" ON "security_event" USING btree ("email");