ALTER TABLE "session" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "admin_granted_for" text;