package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/survivorvoice/voice/internal/config"
	"github.com/survivorvoice/voice/internal/server"
)

// cmdKeys is `voice keys rotate`: every sealed value is sealed again under
// the active data key (the first in VOICE_SEAL_KEYS). With --new-key on the
// generated key file of the data folder, a new key is put first.
func cmdKeys(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	newKey := fs.Bool("new-key", false, "first add a new active key to the generated key file in the data folder")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if *newKey {
		if getenv("VOICE_SEAL_KEYS") != "" || getenv("VOICE_SEAL_KEYS_FILE") != "" {
			return errors.New("--new-key works on the generated key file only: put the new key first in VOICE_SEAL_KEYS yourself, keep the old ones after it, then run voice keys rotate")
		}
		if err := addKey(filepath.Join(cfg.DataDir, "seal.keys")); err != nil {
			return err
		}
	}
	secrets, err := cfg.Secrets()
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, true, io.Discard)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := server.RotateKeys(ctx, st, secrets.Keyring)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Re-sealed %d value(s) under key %s. Old keys can be removed once every server runs with the new list.\n", n, secrets.Keyring.Active())
	return nil
}

// addKey puts a new key first in the generated key file, keeping the others.
func addKey(path string) error {
	cfg, err := config.Load(func(k string) string {
		if k == "VOICE_DATA_DIR" {
			return filepath.Dir(path)
		}
		return ""
	})
	if err != nil {
		return err
	}
	secrets, err := cfg.Secrets()
	if err != nil {
		return err
	}
	_, encoded, err := secrets.Keyring.WithNewActiveKey()
	if err != nil {
		return err
	}
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(encoded+"\n"), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
