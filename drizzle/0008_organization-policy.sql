ALTER TABLE "security_event" ADD COLUMN "organization_id" text;--> statement-breakpoint
CREATE INDEX "security_event_organization_created_idx" ON "security_event" USING btree ("organization_id","created_at");--> statement-breakpoint
-- By hand (drizzle-kit declares no triggers): an organization always keeps an owner, whatever removes or
-- demotes one (remove-member, update-member-role, leave, a deleted account's cascade) and however many do at
-- once. The endpoints check first and answer clearly (lib/server/auth/organization-policy.ts); their
-- read-then-write cannot see a concurrent request, this can. Deferred to the commit, so deleting the
-- organization itself (members first, then the row, in one transaction) finds no organization and passes.
CREATE FUNCTION "organization_keeps_an_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- One change to an organization's owners at a time: a concurrent one waits for this row, then counts
	-- with what the first committed (each statement here reads anew under READ COMMITTED).
	PERFORM 1 FROM "organization" WHERE "id" = OLD."organization_id" FOR NO KEY UPDATE;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	IF NOT EXISTS (
		SELECT 1 FROM "member"
		WHERE "organization_id" = OLD."organization_id" AND 'owner' = ANY (string_to_array(replace("role", ' ', ''), ','))
	) THEN
		-- A SQLSTATE of its own (EG: edgegate), which the auth route answers as 409 ORGANIZATION_NEEDS_AN_OWNER.
		RAISE EXCEPTION 'an organization must keep an owner'
			USING ERRCODE = 'EG001', CONSTRAINT = 'organization_keeps_an_owner';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "organization_keeps_an_owner"
	AFTER UPDATE OR DELETE ON "member" DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW WHEN ('owner' = ANY (string_to_array(replace(OLD."role", ' ', ''), ',')))
	EXECUTE FUNCTION "organization_keeps_an_owner"();
