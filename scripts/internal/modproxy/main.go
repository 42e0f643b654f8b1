// Command modproxy is the helper of scripts/installpaths: it publishes the
// module in a directory to a file-based module proxy, so that
// "go install PATH@VERSION" and "go get -tool PATH@latest" can fetch a module
// that no public proxy serves.
//
//	modproxy DIR PROXYDIR
//
// writes, under PROXYDIR/<escaped module path>/, the files the GOPROXY
// protocol asks for (@v/list, @v/VERSION.info, .mod and .zip, and @latest)
// and prints VERSION.
//
// The zip holds the files of DIR that a commit would hold: in a Git work
// tree, the tracked and the untracked but not ignored files as they are on
// disk (not HEAD's), elsewhere every file under DIR. golang.org/x/mod/zip
// applies the module zip rules: no files of nested modules (directories
// with their own go.mod), no vendor directories, no symbolic links.
//
// VERSION is a pseudo-version of this publication alone, v0.0.0-TIME-REV:
// TIME is now, REV 12 random hex digits. A module cache never asks a proxy
// again for a version it holds; a version used once cannot be found there
// with other files.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: modproxy DIR PROXYDIR")
		os.Exit(2)
	}
	version, err := publish(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "modproxy:", err)
		os.Exit(1)
	}
	fmt.Println(version)
}

// publish writes the module in dir to the proxy directory proxy and returns
// its version.
func publish(dir, proxy string) (string, error) {
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", err
	}
	modPath := modfile.ModulePath(gomod)
	if modPath == "" {
		return "", fmt.Errorf("%s/go.mod: no module statement", dir)
	}
	files, err := listFiles(dir)
	if err != nil {
		return "", err
	}
	var rev [6]byte
	if _, err := rand.Read(rev[:]); err != nil {
		return "", err
	}
	when := time.Now().UTC().Truncate(time.Second)
	version := module.PseudoVersion("", "", when, hex.EncodeToString(rev[:]))
	m := module.Version{Path: modPath, Version: version}

	escPath, err := module.EscapePath(modPath)
	if err != nil {
		return "", err
	}
	escVersion, err := module.EscapeVersion(version)
	if err != nil {
		return "", err
	}
	base := filepath.Join(proxy, filepath.FromSlash(escPath))
	vdir := filepath.Join(base, "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return "", err
	}
	var zipData bytes.Buffer
	if err := zip.Create(&zipData, m, files); err != nil {
		return "", err
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, when})
	if err != nil {
		return "", err
	}
	for name, data := range map[string][]byte{
		filepath.Join(vdir, escVersion+".zip"):  zipData.Bytes(),
		filepath.Join(vdir, escVersion+".mod"):  gomod,
		filepath.Join(vdir, escVersion+".info"): info,
		// A pseudo-version is never listed: "latest" comes from @latest.
		filepath.Join(vdir, "list"):    nil,
		filepath.Join(base, "@latest"): info,
	} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return "", err
		}
	}
	return version, nil
}

// listFiles returns the files of the module in dir.
func listFiles(dir string) ([]zip.File, error) {
	var names []string
	if out, err := exec.Command("git", "-C", dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output(); err == nil {
		for name := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
			if name == "" {
				continue
			}
			// A tracked file deleted from the work tree is not part of it.
			if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
				names = append(names, name)
			}
		}
	} else {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && slices.Contains([]string{".git", ".hg", ".svn", ".bzr"}, d.Name()) {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, err := filepath.Rel(dir, p)
				if err != nil {
					return err
				}
				names = append(names, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	files := make([]zip.File, len(names))
	for i, name := range names {
		files[i] = dirFile{dir: dir, name: name}
	}
	return files, nil
}

// dirFile is a file of the module directory, named by its slash-separated
// path relative to the directory.
type dirFile struct{ dir, name string }

func (f dirFile) Path() string { return f.name }

func (f dirFile) Lstat() (fs.FileInfo, error) {
	return os.Lstat(filepath.Join(f.dir, filepath.FromSlash(f.name)))
}

func (f dirFile) Open() (io.ReadCloser, error) {
	return os.Open(filepath.Join(f.dir, filepath.FromSlash(f.name)))
}
