/** The key-value example's messages, shared by every version of the server and by its workload. */
package dev.newt.example.kv.api;
