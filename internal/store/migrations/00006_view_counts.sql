-- +goose Up
-- Question view counts move out of posts into a narrow table of their own.
-- Views are the busiest write (every question page), and an update of a
-- posts row rewrites the whole row and clears its heap page from
-- PostgreSQL's visibility map, after which the list queries' index-only
-- scans must visit the heap again. Here an update rewrites 16 bytes.
CREATE TABLE view_counts (
    post_id BIGINT PRIMARY KEY REFERENCES posts (id),
    views BIGINT NOT NULL
);
INSERT INTO view_counts (post_id, views) SELECT id, view_count FROM posts WHERE view_count > 0;
ALTER TABLE posts DROP COLUMN view_count;

-- +goose Down
ALTER TABLE posts ADD COLUMN view_count INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET view_count = (SELECT views FROM view_counts WHERE view_counts.post_id = posts.id)
    WHERE id IN (SELECT post_id FROM view_counts);
DROP TABLE view_counts;
