package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/pubcheck/pubcheck/demos"
	"github.com/pubcheck/pubcheck/demos/internal/racerun"
)

// update rewrites the generated blocks of the READMEs of the selected demos
// and the thumbnails in demos/README.md, and returns the files it changed.
func update(ctx context.Context, root, pubcheck string, pubcheckErr error, selected []demos.Demo, tallies map[racerun.Target]*tally) ([]string, error) {
	var changed []string
	var errs []error
	for _, d := range selected {
		blocks := map[string]string{"hb": demos.HBBlock(d)}
		broken := racerun.Target{Demo: d.Name, Variant: "broken"}
		if pubcheckErr == nil {
			ex, err := racerun.PubcheckExcerpt(ctx, root, pubcheck, broken)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: pubcheck: %v", d.Name, err))
			} else {
				blocks["pubcheck"] = fence(ex)
			}
		}
		for _, v := range d.Variants {
			ex, err := racerun.DiffExcerpt(ctx, root, racerun.Target{Demo: d.Name, Variant: v})
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", d.Name, err))
				continue
			}
			blocks["diff "+v] = "```diff\n" + ex + "```\n"
		}
		if tl := tallies[broken]; tl != nil && tl.runs > 0 {
			blocks["race"] = fence(racerun.RaceExcerpt(broken, tl.result, root))
		}
		file := filepath.Join("demos", d.Name, "README.md")
		ok, err := rewrite(root, file, blocks)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			changed = append(changed, file)
		}
	}
	file := filepath.Join("demos", "README.md")
	ok, err := rewrite(root, file, map[string]string{"thumbnails": demos.ThumbnailsBlock()})
	if err != nil {
		errs = append(errs, err)
	}
	if ok {
		changed = append(changed, file)
	}
	return changed, errors.Join(errs...)
}

// rewrite replaces the blocks in file (relative to root) and says whether
// the file changed. A normalized race block whose signature (the racing
// positions and the exit status) is the same as before is left alone: the
// rest of it changes from run to run.
func rewrite(root, file string, blocks map[string]string) (bool, error) {
	path := filepath.Join(root, file)
	old, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	text := string(old)
	for _, name := range slices.Sorted(maps.Keys(blocks)) {
		body := blocks[name]
		if name == "race" {
			prev, ok := demos.Block(text, name)
			if ok && racerun.Normalize([]byte(prev), root) == prev && racerun.RaceSignature(prev) == racerun.RaceSignature(body) {
				continue
			}
		}
		if text, err = demos.SetBlock(text, name, body); err != nil {
			return false, fmt.Errorf("%s: %v", file, err)
		}
	}
	if text == string(old) {
		return false, nil
	}
	return true, os.WriteFile(path, []byte(text), 0o666)
}

// fence puts text in a Markdown code block.
func fence(text string) string {
	return "```\n" + text + "```\n"
}
